using System.Text.Json;
using JobRuntime.Sqlite.Engine;
using JobRuntime.Storage.Platform;
using Microsoft.Data.Sqlite;

namespace JobRuntime.Sqlite.Platform;

/// <summary><see cref="IPlatformJobStore"/> in the silo's SQLite file.</summary>
public sealed class SqlitePlatformJobStore(SqliteDatabase database) : IPlatformJobStore
{
    private readonly SqliteDatabase _database = database ?? throw new ArgumentNullException(nameof(database));

    /// <inheritdoc/>
    public Task<PlatformJobRecord> JobInsertAsync(PlatformJobRecord job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        return _database.WriteAsync(s =>
        {
            var number = Convert.ToInt32(Bind(s.Command(PlatformSql.JobInsert), job).ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            return job with { Key = job.Key with { Job = number } };
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<PlatformJobRecord?> JobGetAsync(PlatformJobKey key, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(s =>
        {
            using var reader = BindKey(s.Command(PlatformSql.JobGet), key).ExecuteReader();
            return reader.Read() ? Read(reader) : null;
        }, cancellationToken);

    /// <inheritdoc/>
    public Task JobUpdateAsync(PlatformJobRecord job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        return _database.WriteAsync(s => Bind(s.Command(PlatformSql.JobUpdate), job).ExecuteNonQuery(), cancellationToken);
    }

    /// <inheritdoc/>
    public Task<bool> JobPurgeAsync(PlatformJobKey key, CancellationToken cancellationToken = default) =>
        _database.WriteAsync(s =>
        {
            BindKey(s.Command(PlatformSql.JobDataDeleteByJob), key).ExecuteNonQuery();
            return BindKey(s.Command(PlatformSql.JobDelete), key).ExecuteNonQuery() > 0;
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<PlatformJobRecord>> JobListAsync(PlatformJobListParams query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var states = query.States.Count == 0 ? null : JsonSerializer.Serialize(query.States);
        return _database.ReadAsync<IReadOnlyList<PlatformJobRecord>>(s =>
        {
            using var reader = s.Command(PlatformSql.JobList)
                .Bind("@project", query.Project).Bind("@spider", query.Spider).Bind("@states", states)
                .Bind("@start_ts", query.StartTs).Bind("@end_ts", query.EndTs)
                .ExecuteReader();
            var jobs = new List<PlatformJobRecord>();
            while (reader.Read())
            {
                jobs.Add(Read(reader));
            }
            return jobs;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<PlatformJobKey?> JobFindActiveAsync(long project, string? uniqueKey, string? runKey, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(s =>
        {
            using var reader = s.Command(PlatformSql.JobFindActive)
                .Bind("@project", project).Bind("@unique_key", uniqueKey).Bind("@run_key", runKey).ExecuteReader();
            return reader.Read() ? new PlatformJobKey(project, reader.GetInt32(0), reader.GetInt32(1)) : (PlatformJobKey?)null;
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<PlatformJobKey?> JobFindByTokenAsync(byte[] tokenHash, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(s =>
        {
            using var reader = s.Command(PlatformSql.JobFindByToken).Bind("@token_hash", tokenHash).ExecuteReader();
            return reader.Read() ? new PlatformJobKey(reader.GetInt64(0), reader.GetInt32(1), reader.GetInt32(2)) : (PlatformJobKey?)null;
        }, cancellationToken);

    private static SqliteCommand BindKey(SqliteCommand command, PlatformJobKey key) =>
        command.Bind("@project", key.Project).Bind("@spider", key.Spider).Bind("@job", key.Job);

    private static SqliteCommand Bind(SqliteCommand command, PlatformJobRecord job) =>
        BindKey(command, job.Key)
            .Bind("@state", job.State).Bind("@priority", job.Priority).Bind("@units", job.Units).Bind("@ts", job.Timestamp)
            .Bind("@unique_key", job.UniqueKey).Bind("@run_key", job.RunKey).Bind("@token_hash", job.TokenHash)
            .Bind("@metadata", job.Metadata);

    private static PlatformJobRecord Read(SqliteDataReader reader) => new(
        new PlatformJobKey(reader.GetInt64(0), reader.GetInt32(1), reader.GetInt32(2)),
        reader.GetString(3), reader.GetInt32(4), reader.GetInt32(5), reader.GetInt64(6),
        reader.IsDBNull(7) ? null : reader.GetString(7),
        reader.IsDBNull(8) ? null : reader.GetString(8),
        reader.IsDBNull(9) ? null : reader.GetFieldValue<byte[]>(9),
        reader.GetString(10));
}
