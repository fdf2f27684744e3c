using System.Globalization;
using System.Text.Json;
using JobRuntime.Storage.Platform;
using Npgsql;

namespace JobRuntime.PostgreSql.Platform;

/// <summary><see cref="IPlatformProjectStore"/> on PostgreSQL, shared by the silos of a cluster.</summary>
public sealed class PostgresPlatformProjectStore(PostgresPlatformDatabase database, TimeProvider? timeProvider = null) : IPlatformProjectStore
{
    private readonly PostgresPlatformDatabase _database = database ?? throw new ArgumentNullException(nameof(database));
    private readonly TimeProvider _clock = timeProvider ?? TimeProvider.System;

    private long Now => _clock.GetUtcNow().ToUnixTimeMilliseconds();

    /// <inheritdoc/>
    public Task ProjectEnsureAsync(long project, CancellationToken cancellationToken = default) =>
        ExecuteAsync(PlatformSql.ProjectEnsure, c => c.Bind("project", project).Bind("now", Now), cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<long>> ProjectListAsync(CancellationToken cancellationToken = default) =>
        _database.ReadAsync(async c =>
        {
            await using var command = c.Command(PlatformSql.ProjectList);
            return await command.ListAsync(r => r.GetInt64(0), cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<string?> ProjectSettingsGetAsync(long project, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(async c =>
        {
            await using var command = c.Command(PlatformSql.ProjectSettingsGet).Bind("project", project);
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
        }, cancellationToken);

    /// <inheritdoc/>
    public Task ProjectSettingsSetAsync(long project, string settings, CancellationToken cancellationToken = default) =>
        ExecuteAsync(PlatformSql.ProjectSettingsSet, c => c.Bind("project", project).Bind("settings", settings).Bind("now", Now), cancellationToken);

    /// <inheritdoc/>
    public Task<PlatformSpiderRecord?> SpiderGetByNameAsync(long project, string name, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(c => SpiderByNameAsync(c, null, project, name, cancellationToken), cancellationToken);

    /// <inheritdoc/>
    public Task<PlatformSpiderRecord?> SpiderGetAsync(long project, int spider, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(async c =>
        {
            await using var command = c.Command(PlatformSql.SpiderGet).Bind("project", project).Bind("spider", spider);
            return await command.FirstAsync(r => Spider(r, project), cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <inheritdoc/>
    public async Task<PlatformSpiderRecord> SpiderEnsureAsync(long project, string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        // Two silos may add spiders to a project at once: the loser of a race on the number tries again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await _database.WriteAsync(async (c, t) =>
                {
                    if (await SpiderByNameAsync(c, t, project, name, cancellationToken).ConfigureAwait(false) is { } found)
                    {
                        return found;
                    }
                    await using (var ensure = c.Command(PlatformSql.ProjectEnsure, t).Bind("project", project).Bind("now", Now))
                    {
                        await ensure.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                    await using (var insert = c.Command(PlatformSql.SpiderInsert, t).Bind("project", project).Bind("name", name))
                    {
                        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                    return await SpiderByNameAsync(c, t, project, name, cancellationToken).ConfigureAwait(false)
                        ?? throw new PostgresException("another spider took the number", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation);
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && attempt < 5)
            {
            }
        }
    }

    /// <inheritdoc/>
    public Task SpiderUpdateAsync(PlatformSpiderRecord spider, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spider);
        return ExecuteAsync(PlatformSql.SpiderUpdate, c => c
            .Bind("project", spider.Project).Bind("spider", spider.Id).Bind("tags", spider.Tags).Bind("program", spider.Program), cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<PlatformSpiderRecord>> SpiderListAsync(long project, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(async c =>
        {
            await using var command = c.Command(PlatformSql.SpiderList).Bind("project", project);
            return await command.ListAsync(r => Spider(r, project), cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <inheritdoc/>
    public Task ActivityAppendAsync(long project, IReadOnlyList<string> events, CancellationToken cancellationToken = default)
    {
        var items = events.ToArray();
        var now = Now;
        return _database.WriteAsync(async (c, t) =>
        {
            await using var command = c.Command(PlatformSql.ActivityInsert, t).Bind("project", project).Bind("ts", now);
            foreach (var item in items)
            {
                await command.Bind("data", item).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            return items.Length;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<PlatformActivityRecord>> ActivityListAsync(long project, int count, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(async c =>
        {
            await using var command = c.Command(PlatformSql.ActivityList).Bind("project", project).Bind("limit", (long)count);
            return await command.ListAsync(r => new PlatformActivityRecord(r.GetInt64(0), r.GetInt64(1), r.GetString(2)), cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <inheritdoc/>
    public Task UserSetAsync(PlatformUserRecord user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        return ExecuteAsync(PlatformSql.UserUpsert, c => c
            .Bind("name", user.Name).Bind("key_hash", user.KeyHash).Bind("projects", JsonSerializer.Serialize(user.Projects)).Bind("admin", user.Admin), cancellationToken);
    }

    /// <inheritdoc/>
    public Task<PlatformUserRecord?> UserFindByKeyAsync(byte[] keyHash, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(async c =>
        {
            await using var command = c.Command(PlatformSql.UserFindByKey).Bind("key_hash", keyHash);
            return await command.FirstAsync(r => new PlatformUserRecord(r.GetString(0), r.GetFieldValue<byte[]>(1),
                JsonSerializer.Deserialize<long[]>(r.GetString(2)) ?? [], r.GetBoolean(3)), cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <inheritdoc/>
    public async Task<bool> UserDeleteAsync(string name, CancellationToken cancellationToken = default) =>
        await ExecuteAsync(PlatformSql.UserDelete, c => c.Bind("name", name), cancellationToken).ConfigureAwait(false) > 0;

    /// <inheritdoc/>
    public async Task<bool> SpiderDeleteAsync(long project, int spider, CancellationToken cancellationToken = default) =>
        await ExecuteAsync(PlatformSql.SpiderDelete, c => c.Bind("project", project).Bind("spider", spider), cancellationToken).ConfigureAwait(false) > 0;

    /// <inheritdoc/>
    public Task<bool> ProjectDeleteAsync(long project, CancellationToken cancellationToken = default) =>
        _database.WriteAsync(async (c, t) =>
        {
            await using var command = c.Command(PlatformSql.ProjectDelete, t).Bind("project", project);
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) > 0;
        }, cancellationToken);

    private Task<int> ExecuteAsync(string sql, Func<NpgsqlCommand, NpgsqlCommand> bind, CancellationToken cancellationToken) =>
        _database.WriteAsync(async (c, t) =>
        {
            await using var command = bind(c.Command(sql, t));
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    private static async Task<PlatformSpiderRecord?> SpiderByNameAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long project, string name, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(PlatformSql.SpiderGetByName, transaction).Bind("project", project).Bind("name", name);
        return await command.FirstAsync(r => Spider(r, project), cancellationToken).ConfigureAwait(false);
    }

    private static PlatformSpiderRecord Spider(NpgsqlDataReader reader, long project) =>
        new(project, reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.NullableString(3));
}
