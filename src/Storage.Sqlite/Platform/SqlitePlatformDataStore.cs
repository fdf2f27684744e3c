using System.Globalization;
using JobRuntime.Sqlite.Engine;
using JobRuntime.Storage.Platform;
using SQLitePCL;

namespace JobRuntime.Sqlite.Platform;

/// <summary><see cref="IPlatformDataStore"/> in the silo's SQLite file.</summary>
public sealed class SqlitePlatformDataStore(SqliteDatabase database) : IPlatformDataStore
{
    private readonly SqliteDatabase _database = database ?? throw new ArgumentNullException(nameof(database));

    /// <inheritdoc/>
    public Task DataWriteAsync(PlatformDataWriteParams batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return _database.WriteAsync(s =>
        {
            // One prepared statement, bound by position, each record's UTF-8 bytes bound as they came.
            var db = s.Connection.Handle!;
            var insert = s.Prepared(PlatformSql.JobDataUpsert);
            raw.sqlite3_bind_int64(insert, Position(insert, "@project"), batch.Job.Project);
            raw.sqlite3_bind_int64(insert, Position(insert, "@spider"), batch.Job.Spider);
            raw.sqlite3_bind_int64(insert, Position(insert, "@job"), batch.Job.Job);
            raw.sqlite3_bind_int64(insert, Position(insert, "@kind"), (int)batch.Kind);
            raw.sqlite3_bind_int64(insert, Position(insert, "@ts"), batch.Timestamp);
            var idx = Position(insert, "@idx");
            var data = Position(insert, "@data");
            var records = batch.Records;
            for (var i = 0; i < records.Count; i++)
            {
                raw.sqlite3_bind_int64(insert, idx, batch.Start + i);
                raw.sqlite3_bind_text(insert, data, records[i]);
                SqliteRawStatement.Execute(insert, db);
            }
            return records.Count;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<int> DataScanAsync(PlatformDataReadParams query, PlatformDataVisitor visit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(visit);
        return _database.ReadAsync(s =>
        {
            var db = s.Connection.Handle!;
            var read = s.Prepared(PlatformSql.JobDataRead);
            SqliteRawStatement.Bind(read, Position(read, "@project"), query.Project);
            SqliteRawStatement.Bind(read, Position(read, "@kind"), (int)query.Kind);
            SqliteRawStatement.Bind(read, Position(read, "@spider"), query.Spider);
            SqliteRawStatement.Bind(read, Position(read, "@job"), query.Job);
            SqliteRawStatement.Bind(read, Position(read, "@from_spider"), query.From?.Spider);
            SqliteRawStatement.Bind(read, Position(read, "@from_job"), query.From?.Job);
            SqliteRawStatement.Bind(read, Position(read, "@from_idx"), query.From?.Index);
            SqliteRawStatement.Bind(read, Position(read, "@start_ts"), query.StartTs);
            SqliteRawStatement.Bind(read, Position(read, "@end_ts"), query.EndTs);
            SqliteRawStatement.Bind(read, Position(read, "@limit"), query.Limit);
            var count = 0;
            while (SqliteRawStatement.Step(read, db))
            {
                visit(new PlatformDataRow(
                    raw.sqlite3_column_int(read, 0), raw.sqlite3_column_int(read, 1),
                    raw.sqlite3_column_int64(read, 2), raw.sqlite3_column_int64(read, 3), raw.sqlite3_column_blob(read, 4)));
                count++;
            }
            return count;
        }, cancellationToken);
    }

    private static int Position(sqlite3_stmt statement, string name) => raw.sqlite3_bind_parameter_index(statement, name);

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
    public Task<long> DataBytesAsync(PlatformDataBytesParams query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return _database.ReadAsync(s => Convert.ToInt64(s.Command(PlatformSql.JobDataBytes)
            .Bind("@project", query.Job.Project).Bind("@spider", query.Job.Spider).Bind("@job", query.Job.Job)
            .Bind("@kind", (int?)query.Kind).Bind("@from_idx", query.From).Bind("@to_idx", query.To)
            .ExecuteScalar(), CultureInfo.InvariantCulture), cancellationToken);
    }

    /// <inheritdoc/>
    public Task<long> DataCountAsync(PlatformJobKey job, PlatformDataKind kind, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(s => Convert.ToInt64(s.Command(PlatformSql.JobDataCount)
            .Bind("@project", job.Project).Bind("@spider", job.Spider).Bind("@job", job.Job).Bind("@kind", (int)kind)
            .ExecuteScalar(), CultureInfo.InvariantCulture), cancellationToken);
}
