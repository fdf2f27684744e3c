namespace JobRuntime.Sqlite;

/// <summary>
/// Options of a <see cref="SqliteDatabase"/>: which file, how durable a commit is, how long to
/// wait for a lock, and how many queued writes share one transaction.
/// </summary>
public sealed class SqliteOptions
{
    /// <summary>
    /// The path of the database file, absolute or relative to the working directory. Its directory
    /// is created when missing; the file is created on first use, with <c>-wal</c> and <c>-shm</c>
    /// files beside it. Default: <c>"jobruntime.db"</c>.
    /// </summary>
    public string DataSource { get; set; } = "jobruntime.db";

    /// <summary>
    /// What a commit survives: <see cref="SqliteSynchronous.Normal"/> survives a process kill,
    /// <see cref="SqliteSynchronous.Full"/> also a power loss.
    /// Default: <see cref="SqliteSynchronous.Normal"/>.
    /// </summary>
    public SqliteSynchronous Synchronous { get; set; } = SqliteSynchronous.Normal;

    /// <summary>
    /// How long an operation waits for a lock held by another connection or process before it
    /// fails with <see cref="SqliteStorageException"/>. The driver retries in whole seconds, so a
    /// value under one second waits about one second. Default: 5 seconds.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The most queued write operations (a state write, an append of a batch of events, ...) that
    /// are committed in one transaction. Default: 512.
    /// </summary>
    public int WriteBatchSize { get; set; } = 512;
}
