using System.Globalization;
using JobRuntime.Sqlite.Engine;
using JobRuntime.Storage.Platform;

namespace JobRuntime.Sqlite.Platform;

/// <summary><see cref="IPlatformDataStore"/> in the silo's SQLite file.</summary>
public sealed class SqlitePlatformDataStore(SqliteDatabase database) : IPlatformDataStore
{
    private readonly SqliteDatabase _database = database ?? throw new ArgumentNullException(nameof(database));

    /// <inheritdoc/>
    public Task DataWriteAsync(PlatformDataWriteParams batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var records = batch.Records.ToArray();
        return _database.WriteAsync(s =>
        {
            var command = s.Command(PlatformSql.JobDataUpsert)
                .Bind("@project", batch.Job.Project).Bind("@spider", batch.Job.Spider).Bind("@job", batch.Job.Job)
                .Bind("@kind", (int)batch.Kind).Bind("@ts", batch.Timestamp);
            for (var i = 0; i < records.Length; i++)
            {
                command.Bind("@idx", batch.Start + i).Bind("@data", records[i]).ExecuteNonQuery();
            }
            return records.Length;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<PlatformDataRecord>> DataReadAsync(PlatformDataReadParams query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return _database.ReadAsync<IReadOnlyList<PlatformDataRecord>>(s =>
        {
            using var reader = s.Command(PlatformSql.JobDataRead)
                .Bind("@project", query.Project).Bind("@kind", (int)query.Kind)
                .Bind("@spider", query.Spider).Bind("@job", query.Job)
                .Bind("@from_spider", query.From?.Spider).Bind("@from_job", query.From?.Job).Bind("@from_idx", query.From?.Index)
                .Bind("@start_ts", query.StartTs).Bind("@end_ts", query.EndTs).Bind("@limit", query.Limit)
                .ExecuteReader();
            var records = new List<PlatformDataRecord>();
            while (reader.Read())
            {
                records.Add(new PlatformDataRecord(
                    new PlatformJobKey(query.Project, reader.GetInt32(0), reader.GetInt32(1)),
                    reader.GetInt64(2), reader.GetInt64(3), reader.GetString(4)));
            }
            return records;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<long> DataCountAsync(PlatformJobKey job, PlatformDataKind kind, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(s => Convert.ToInt64(s.Command(PlatformSql.JobDataCount)
            .Bind("@project", job.Project).Bind("@spider", job.Spider).Bind("@job", job.Job).Bind("@kind", (int)kind)
            .ExecuteScalar(), CultureInfo.InvariantCulture), cancellationToken);
}
