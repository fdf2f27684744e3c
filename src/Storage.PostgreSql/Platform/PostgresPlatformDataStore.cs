using System.Globalization;
using JobRuntime.Storage.Platform;

namespace JobRuntime.PostgreSql.Platform;

/// <summary><see cref="IPlatformDataStore"/> on PostgreSQL: a batch is one statement over an array of its lines.</summary>
public sealed class PostgresPlatformDataStore(PostgresPlatformDatabase database) : IPlatformDataStore
{
    private readonly PostgresPlatformDatabase _database = database ?? throw new ArgumentNullException(nameof(database));

    /// <inheritdoc/>
    public Task DataWriteAsync(PlatformDataWriteParams batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var records = batch.Records.ToStrings();
        return _database.WriteAsync(async (c, t) =>
        {
            await using var command = c.Command(PlatformSql.JobDataUpsert, t)
                .Bind("project", batch.Job.Project).Bind("kind", (short)batch.Kind).Bind("spider", batch.Job.Spider).Bind("job", batch.Job.Job)
                .Bind("start", batch.Start).Bind("ts", batch.Timestamp).Bind("data", records);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<PlatformDataRecord>> DataReadAsync(PlatformDataReadParams query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return _database.ReadAsync(async c =>
        {
            await using var command = c.Command(PlatformSql.JobDataRead)
                .Bind("project", query.Project).Bind("kind", (short)query.Kind)
                .Bind("spider", query.Spider).Bind("job", query.Job)
                .Bind("from_spider", query.From?.Spider).Bind("from_job", query.From?.Job).Bind("from_idx", query.From?.Index)
                .Bind("start_ts", query.StartTs).Bind("end_ts", query.EndTs).Bind("limit", query.Limit < 0 ? null : (long)query.Limit);
            return await command.ListAsync(r => new PlatformDataRecord(
                new PlatformJobKey(query.Project, r.GetInt32(0), r.GetInt32(1)), r.GetInt64(2), r.GetInt64(3), r.GetString(4)), cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<long> DataBytesAsync(PlatformDataBytesParams query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return _database.ReadAsync(async c =>
        {
            await using var command = c.Command(PlatformSql.JobDataBytes)
                .Bind("project", query.Job.Project).Bind("spider", query.Job.Spider).Bind("job", query.Job.Job)
                .Bind("kind", (short?)query.Kind).Bind("from_idx", query.From).Bind("to_idx", query.To);
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<long> DataCountAsync(PlatformJobKey job, PlatformDataKind kind, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(async c =>
        {
            await using var command = c.Command(PlatformSql.JobDataCount)
                .Bind("project", job.Project).Bind("kind", (short)kind).Bind("spider", job.Spider).Bind("job", job.Job);
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }, cancellationToken);
}
