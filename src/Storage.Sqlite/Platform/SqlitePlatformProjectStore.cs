using System.Text.Json;
using JobRuntime.Sqlite.Engine;
using JobRuntime.Storage.Platform;
using Microsoft.Data.Sqlite;

namespace JobRuntime.Sqlite.Platform;

/// <summary><see cref="IPlatformProjectStore"/> in the silo's SQLite file.</summary>
public sealed partial class SqlitePlatformProjectStore(SqliteDatabase database) : IPlatformProjectStore
{
    private readonly SqliteDatabase _database = database ?? throw new ArgumentNullException(nameof(database));

    private long Now => _database.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    /// <inheritdoc/>
    public Task ProjectEnsureAsync(long project, CancellationToken cancellationToken = default)
    {
        var now = Now;
        return _database.WriteAsync(s => s.Command(PlatformSql.ProjectEnsure).Bind("@project", project).Bind("@now", now).ExecuteNonQuery(), cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<long>> ProjectListAsync(CancellationToken cancellationToken = default) =>
        _database.ReadAsync<IReadOnlyList<long>>(s =>
        {
            using var reader = s.Command(PlatformSql.ProjectList).ExecuteReader();
            var projects = new List<long>();
            while (reader.Read())
            {
                projects.Add(reader.GetInt64(0));
            }
            return projects;
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<string?> ProjectSettingsGetAsync(long project, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(s => s.Command(PlatformSql.ProjectSettingsGet).Bind("@project", project).ExecuteScalar() as string, cancellationToken);

    /// <inheritdoc/>
    public Task ProjectSettingsSetAsync(long project, string settings, CancellationToken cancellationToken = default)
    {
        var now = Now;
        return _database.WriteAsync(s => s.Command(PlatformSql.ProjectSettingsSet).Bind("@project", project).Bind("@settings", settings).Bind("@now", now).ExecuteNonQuery(), cancellationToken);
    }

    /// <inheritdoc/>
    public Task<PlatformSpiderRecord?> SpiderGetByNameAsync(long project, string name, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(s => ReadSpider(s.Command(PlatformSql.SpiderGetByName).Bind("@project", project).Bind("@name", name), project), cancellationToken);

    /// <inheritdoc/>
    public Task<PlatformSpiderRecord?> SpiderGetAsync(long project, int spider, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(s => ReadSpider(s.Command(PlatformSql.SpiderGet).Bind("@project", project).Bind("@spider", spider), project), cancellationToken);

    /// <inheritdoc/>
    public Task<PlatformSpiderRecord> SpiderEnsureAsync(long project, string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var now = Now;
        return _database.WriteAsync(s =>
        {
            var found = ReadSpider(s.Command(PlatformSql.SpiderGetByName).Bind("@project", project).Bind("@name", name), project);
            if (found is not null)
            {
                return found;
            }
            s.Command(PlatformSql.ProjectEnsure).Bind("@project", project).Bind("@now", now).ExecuteNonQuery();
            s.Command(PlatformSql.SpiderInsert).Bind("@project", project).Bind("@name", name).ExecuteNonQuery();
            return ReadSpider(s.Command(PlatformSql.SpiderGetByName).Bind("@project", project).Bind("@name", name), project)!;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task SpiderUpdateAsync(PlatformSpiderRecord spider, CancellationToken cancellationToken = default) =>
        _database.WriteAsync(s => s.Command(PlatformSql.SpiderUpdate)
            .Bind("@project", spider.Project).Bind("@spider", spider.Id).Bind("@tags", spider.Tags).Bind("@program", spider.Program)
            .ExecuteNonQuery(), cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<PlatformSpiderRecord>> SpiderListAsync(long project, CancellationToken cancellationToken = default) =>
        _database.ReadAsync<IReadOnlyList<PlatformSpiderRecord>>(s =>
        {
            using var reader = s.Command(PlatformSql.SpiderList).Bind("@project", project).ExecuteReader();
            var spiders = new List<PlatformSpiderRecord>();
            while (reader.Read())
            {
                spiders.Add(Spider(reader, project));
            }
            return spiders;
        }, cancellationToken);

    /// <inheritdoc/>
    public Task ActivityAppendAsync(long project, IReadOnlyList<string> events, CancellationToken cancellationToken = default)
    {
        var items = events.ToArray();
        var now = Now;
        return _database.WriteAsync(s =>
        {
            var command = s.Command(PlatformSql.ActivityInsert).Bind("@project", project).Bind("@ts", now);
            foreach (var item in items)
            {
                command.Bind("@data", item).ExecuteNonQuery();
            }
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<PlatformActivityRecord>> ActivityListAsync(long project, int count, CancellationToken cancellationToken = default) =>
        _database.ReadAsync<IReadOnlyList<PlatformActivityRecord>>(s =>
        {
            using var reader = s.Command(PlatformSql.ActivityList).Bind("@project", project).Bind("@limit", count).ExecuteReader();
            var events = new List<PlatformActivityRecord>();
            while (reader.Read())
            {
                events.Add(new PlatformActivityRecord(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2)));
            }
            return events;
        }, cancellationToken);

    /// <inheritdoc/>
    public Task UserSetAsync(PlatformUserRecord user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var projects = JsonSerializer.Serialize(user.Projects);
        return _database.WriteAsync(s => s.Command(PlatformSql.UserUpsert)
            .Bind("@name", user.Name).Bind("@key_hash", user.KeyHash).Bind("@projects", projects).Bind("@admin", user.Admin ? 1 : 0)
            .ExecuteNonQuery(), cancellationToken);
    }

    /// <inheritdoc/>
    public Task<PlatformUserRecord?> UserFindByKeyAsync(byte[] keyHash, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(s =>
        {
            using var reader = s.Command(PlatformSql.UserFindByKey).Bind("@key_hash", keyHash).ExecuteReader();
            return reader.Read()
                ? new PlatformUserRecord(reader.GetString(0), reader.GetFieldValue<byte[]>(1),
                    JsonSerializer.Deserialize<long[]>(reader.GetString(2)) ?? [], reader.GetInt64(3) != 0)
                : null;
        }, cancellationToken);

    private static PlatformSpiderRecord? ReadSpider(SqliteCommand command, long project)
    {
        using var reader = command.ExecuteReader();
        return reader.Read() ? Spider(reader, project) : null;
    }

    private static PlatformSpiderRecord Spider(SqliteDataReader reader, long project) =>
        new(project, reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3));

}
