namespace JobRuntime.Sqlite.Streams;

/// <summary>
/// How far a queue's receiver has looked into the log, shared with the queue's cache: a cursor
/// opened without a token starts there, so events the receiver has not announced yet still reach it.
/// </summary>
internal sealed class SqliteStreamQueuePosition
{
    private long _lastSeen = -1;

    /// <summary>The highest seq the receiver has looked at; -1 until the receiver has initialized.</summary>
    public long LastSeen
    {
        get => Volatile.Read(ref _lastSeen);
        set => Volatile.Write(ref _lastSeen, value);
    }
}
