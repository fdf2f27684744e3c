namespace JobRuntime.Sqlite.Streams;

/// <summary>
/// Options of a SQLite stream provider (<c>AddSqliteStreams</c>), named by the provider: how the
/// log is split into queues, how often it is polled and how many events travel together.
/// </summary>
public sealed class SqliteStreamsOptions
{
    /// <summary>
    /// The number of queues the provider's streams are spread over; each queue has one pulling
    /// agent in the cluster, and every agent polls the whole log. Default: 1.
    /// </summary>
    public int QueueCount { get; set; } = 1;

    /// <summary>How often each pulling agent looks for new events in the log. Default: 25 milliseconds.</summary>
    public TimeSpan PollPeriod { get; set; } = TimeSpan.FromMilliseconds(25);

    /// <summary>
    /// The most events a subscriber's cursor reads from the log in one query and delivers in one
    /// call. Default: 256.
    /// </summary>
    public int BatchSize { get; set; } = 256;
}
