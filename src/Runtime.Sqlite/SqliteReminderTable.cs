using JobRuntime.Sqlite.Engine;
using JobRuntime.Timers;
using Microsoft.Data.Sqlite;

namespace JobRuntime.Sqlite;

/// <summary>
/// Reminders in table <c>reminders</c> of a <see cref="SqliteDatabase"/>, one row per grain and
/// reminder name. Times are kept in UTC ticks, so entries read back exactly as written (in UTC).
/// </summary>
public sealed class SqliteReminderTable : IReminderTable
{
    private readonly SqliteDatabase _database;

    /// <summary>Creates the reminder table over a shared database.</summary>
    public SqliteReminderTable(SqliteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken = default) =>
        _database.ReadAsync(static session => ReadEntries(session.Command(Sql.ReminderReadAll)), cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<ReminderEntry>> ReadAsync(GrainId grainId, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(
            session => ReadEntries(session.Command(Sql.ReminderReadByGrain)
                .Bind("@grain_type", grainId.Type)
                .Bind("@grain_key", grainId.Key)),
            cancellationToken);

    /// <inheritdoc/>
    public Task UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrEmpty(entry.Name);
        return _database.WriteAsync(
            session => session.Command(Sql.ReminderUpsert)
                .Bind("@grain_type", entry.GrainId.Type)
                .Bind("@grain_key", entry.GrainId.Key)
                .Bind("@name", entry.Name)
                .Bind("@start_at", entry.StartAt.UtcTicks)
                .Bind("@period", entry.Period.Ticks)
                .ExecuteNonQuery(),
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<bool> RemoveAsync(GrainId grainId, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _database.WriteAsync(
            session => session.Command(Sql.ReminderDelete)
                .Bind("@grain_type", grainId.Type)
                .Bind("@grain_key", grainId.Key)
                .Bind("@name", name)
                .ExecuteNonQuery() > 0,
            cancellationToken);
    }

    private static IReadOnlyList<ReminderEntry> ReadEntries(SqliteCommand command)
    {
        var entries = new List<ReminderEntry>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            entries.Add(new ReminderEntry(
                new GrainId(reader.GetString(0), reader.GetString(1)),
                reader.GetString(2),
                new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero),
                TimeSpan.FromTicks(reader.GetInt64(4))));
        }
        return entries;
    }
}
