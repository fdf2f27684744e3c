using System.Globalization;
using JobRuntime.Sqlite.Engine;
using Microsoft.Data.Sqlite;

namespace JobRuntime.Sqlite;

/// <summary>
/// Orleans' reminder table in table <c>reminders</c> of a <see cref="SqliteDatabase"/>: one row per
/// grain and reminder name, with the grain's uniform hash so that each silo reads its range of the
/// ring. Times are kept in UTC ticks. The ETag is a version number drawn from one counter per file,
/// so a remover holding an old ETag never deletes a newer row.
/// </summary>
internal sealed class SqliteReminderTable : IReminderTable
{
    private readonly SqliteDatabase _database;

    /// <summary>Creates the reminder table over a shared database.</summary>
    public SqliteReminderTable(SqliteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <summary>Opens (and migrates) the file, so that a silo with an unusable file fails at start.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => _database.FlushAsync(cancellationToken);

    /// <inheritdoc/>
    public Task Init() => StartAsync();

    /// <inheritdoc/>
    public Task<ReminderTableData> ReadRows(GrainId grainId) => ReadRows(grainId, CancellationToken.None);

    /// <inheritdoc/>
    public Task<ReminderTableData> ReadRows(GrainId grainId, CancellationToken cancellationToken) =>
        _database.ReadAsync(
            session => ReadEntries(session.Command(Sql.ReminderReadByGrain).Bind("@grain_id", grainId.ToString())),
            cancellationToken);

    /// <inheritdoc/>
    public Task<ReminderTableData> ReadRows(uint begin, uint end) => ReadRows(begin, end, CancellationToken.None);

    /// <inheritdoc/>
    public Task<ReminderTableData> ReadRows(uint begin, uint end, CancellationToken cancellationToken)
    {
        var statement = begin < end ? Sql.ReminderReadByHashRange : Sql.ReminderReadByHashRangeWrapped;
        return _database.ReadAsync(
            session => ReadEntries(session.Command(statement).Bind("@begin", (long)begin).Bind("@end", (long)end)),
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => ReadRow(grainId, reminderName, CancellationToken.None);

    /// <inheritdoc/>
    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reminderName);
        return _database.ReadAsync(
            session => ReadEntries(session.Command(Sql.ReminderRead)
                .Bind("@grain_id", grainId.ToString())
                .Bind("@name", reminderName)).Reminders.SingleOrDefault(),
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<string?> UpsertRow(ReminderEntry entry) => UpsertRow(entry, CancellationToken.None);

    /// <inheritdoc/>
    public Task<string?> UpsertRow(ReminderEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrEmpty(entry.ReminderName);
        var grainId = entry.GrainId.ToString();
        var grainHash = (long)entry.GrainId.GetUniformHashCode();
        var name = entry.ReminderName;
        var startAt = ToUtc(entry.StartAt).Ticks;
        var period = entry.Period.Ticks;
        return _database.WriteAsync<string?>(
            session =>
            {
                var etag = Convert.ToInt64(session.Command(Sql.ReminderVersionNext).ExecuteScalar(), CultureInfo.InvariantCulture);
                session.Command(Sql.ReminderUpsert)
                    .Bind("@grain_id", grainId)
                    .Bind("@grain_hash", grainHash)
                    .Bind("@name", name)
                    .Bind("@start_at", startAt)
                    .Bind("@period", period)
                    .Bind("@etag", etag)
                    .ExecuteNonQuery();
                return FormatEtag(etag);
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => RemoveRow(grainId, reminderName, eTag, CancellationToken.None);

    /// <inheritdoc/>
    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reminderName);
        if (!long.TryParse(eTag, NumberStyles.None, CultureInfo.InvariantCulture, out var etag))
        {
            // Not an ETag this table issued, so no row has it.
            return Task.FromResult(false);
        }
        var id = grainId.ToString();
        return _database.WriteAsync(
            session => session.Command(Sql.ReminderDelete)
                .Bind("@grain_id", id)
                .Bind("@name", reminderName)
                .Bind("@etag", etag)
                .ExecuteNonQuery() > 0,
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task TestOnlyClearTable() => TestOnlyClearTable(CancellationToken.None);

    /// <inheritdoc/>
    public Task TestOnlyClearTable(CancellationToken cancellationToken) =>
        _database.WriteAsync(static session => session.Command(Sql.ReminderDeleteAll).ExecuteNonQuery(), cancellationToken);

    private static ReminderTableData ReadEntries(SqliteCommand command)
    {
        var entries = new List<ReminderEntry>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            entries.Add(new ReminderEntry
            {
                GrainId = GrainId.Parse(reader.GetString(0), CultureInfo.InvariantCulture),
                ReminderName = reader.GetString(1),
                StartAt = new DateTime(reader.GetInt64(2), DateTimeKind.Utc),
                Period = TimeSpan.FromTicks(reader.GetInt64(3)),
                ETag = FormatEtag(reader.GetInt64(4)),
            });
        }
        return new ReminderTableData(entries);
    }

    // Orleans passes UTC times; a local time is converted rather than stored as if it were UTC.
    private static DateTime ToUtc(DateTime time) => time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time;

    private static string FormatEtag(long etag) => etag.ToString(CultureInfo.InvariantCulture);
}
