using JobRuntime.Sqlite.Engine;

namespace JobRuntime.Sqlite.Queues;

/// <summary>
/// The work queues of a <see cref="SqliteDatabase"/> as a whole: every queue that holds messages,
/// with its depth read from the table (so it is right after a restart; nothing is counted in memory).
/// </summary>
public sealed class SqliteQueueCatalog
{
    private readonly SqliteDatabase _database;

    /// <summary>Creates the catalog over a shared database.</summary>
    public SqliteQueueCatalog(SqliteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <summary>Every queue that holds messages, by name (dead-letter queues, <c>&lt;name&gt;-failed</c>, included).</summary>
    public Task<IReadOnlyList<QueueDepth>> QueueListAsync(CancellationToken cancellationToken = default)
    {
        var now = _database.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        return _database.ReadAsync<IReadOnlyList<QueueDepth>>(
            session =>
            {
                using var reader = session.Command(WorkQueueSql.List).Bind("@now", now).ExecuteReader();
                var queues = new List<QueueDepth>();
                while (reader.Read())
                {
                    queues.Add(new QueueDepth(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
                }
                return queues;
            },
            cancellationToken);
    }
}

/// <summary>A queue's depth.</summary>
/// <param name="Queue">The queue's name.</param>
/// <param name="Messages">Messages it holds, visible or not.</param>
/// <param name="Leased">Messages received by a worker and not visible again yet (the work in progress).</param>
public sealed record QueueDepth(string Queue, long Messages, long Leased);
