using System.Globalization;
using JobRuntime.Storage.Platform;
using Npgsql;

namespace JobRuntime.PostgreSql.Platform;

/// <summary><see cref="IPlatformJobStore"/> on PostgreSQL, shared by the silos of a cluster.</summary>
public sealed class PostgresPlatformJobStore(PostgresPlatformDatabase database) : IPlatformJobStore
{
    private readonly PostgresPlatformDatabase _database = database ?? throw new ArgumentNullException(nameof(database));

    /// <inheritdoc/>
    public Task<PlatformJobRecord> JobInsertAsync(PlatformJobRecord job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        return _database.WriteAsync(async (c, t) =>
        {
            await using var command = Bind(c.Command(PlatformSql.JobInsert, t), job);
            var number = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            return job with { Key = job.Key with { Job = number } };
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<PlatformJobRecord?> JobGetAsync(PlatformJobKey key, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(async c =>
        {
            await using var command = BindKey(c.Command(PlatformSql.JobGet), key);
            return await command.FirstAsync(Read, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <inheritdoc/>
    public Task JobUpdateAsync(PlatformJobRecord job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        return _database.WriteAsync(async (c, t) =>
        {
            await using var command = Bind(c.Command(PlatformSql.JobUpdate, t), job);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<bool> JobPurgeAsync(PlatformJobKey key, CancellationToken cancellationToken = default) =>
        _database.WriteAsync(async (c, t) =>
        {
            await using (var data = BindKey(c.Command(PlatformSql.JobDataDeleteByJob, t), key))
            {
                await data.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await using var job = BindKey(c.Command(PlatformSql.JobDelete, t), key);
            return await job.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<PlatformJobRecord>> JobListAsync(PlatformJobListParams query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return _database.ReadAsync(async c =>
        {
            await using var command = c.Command(PlatformSql.JobList)
                .Bind("project", query.Project).Bind("spider", query.Spider)
                .Bind("states", query.States.Count == 0 ? null : query.States.ToArray())
                .Bind("start_ts", query.StartTs).Bind("end_ts", query.EndTs);
            return await command.ListAsync(Read, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<PlatformJobKey?> JobFindActiveAsync(long project, string? uniqueKey, string? runKey, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(async c =>
        {
            await using var command = c.Command(PlatformSql.JobFindActive)
                .Bind("project", project).Bind("unique_key", uniqueKey).Bind("run_key", runKey);
            return await command.FirstAsync<PlatformJobKey?>(r => new PlatformJobKey(project, r.GetInt32(0), r.GetInt32(1)), cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<PlatformJobKey?> JobFindByTokenAsync(byte[] tokenHash, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(async c =>
        {
            await using var command = c.Command(PlatformSql.JobFindByToken).Bind("token_hash", tokenHash);
            return await command.FirstAsync<PlatformJobKey?>(r => new PlatformJobKey(r.GetInt64(0), r.GetInt32(1), r.GetInt32(2)), cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    private static NpgsqlCommand BindKey(NpgsqlCommand command, PlatformJobKey key) =>
        command.Bind("project", key.Project).Bind("spider", key.Spider).Bind("job", key.Job);

    private static NpgsqlCommand Bind(NpgsqlCommand command, PlatformJobRecord job) =>
        BindKey(command, job.Key)
            .Bind("state", job.State).Bind("priority", (short)job.Priority).Bind("units", job.Units).Bind("ts", job.Timestamp)
            .Bind("unique_key", job.UniqueKey).Bind("run_key", job.RunKey).Bind("token_hash", job.TokenHash)
            .Bind("metadata", job.Metadata);

    private static PlatformJobRecord Read(NpgsqlDataReader reader) => new(
        new PlatformJobKey(reader.GetInt64(0), reader.GetInt32(1), reader.GetInt32(2)),
        reader.GetString(3), reader.GetInt16(4), reader.GetInt32(5), reader.GetInt64(6),
        reader.NullableString(7), reader.NullableString(8),
        reader.IsDBNull(9) ? null : reader.GetFieldValue<byte[]>(9),
        reader.GetString(10));
}
