namespace JobRuntime.Sqlite.Streams;

/// <summary>
/// Options of a SQLite stream provider (<c>AddSqliteStreams</c>), named by the provider: how the
/// log is split into queues, how often it is polled and how many events travel together.
/// </summary>
public sealed class SqliteStreamsOptions
{
    /// <summary>The configuration section a provider's options bind from: <c>JobRuntime:Streams:&lt;name&gt;</c>.</summary>
    public static string SectionFor(string name) => $"JobRuntime:Streams:{name}";

    /// <summary>
    /// The number of queues the provider's streams are spread over; each queue has one pulling
    /// agent in the cluster, and every agent polls the whole log. Default: 1.
    /// </summary>
    public int QueueCount { get; set; } = 1;

    /// <summary>
    /// How far back in the log a pulling agent starts when it takes a queue (silo start, or a queue
    /// moving between silos): the streams with events appended in that time are announced again, so
    /// that subscribers get events written while no agent was reading, without waiting for the
    /// stream's next event. Zero starts at the end of the log. Default: 30 seconds.
    /// </summary>
    public TimeSpan StartupLookback { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a pulling agent that has just taken a queue waits before it announces the streams
    /// of <see cref="StartupLookback"/> (events appended after it took the queue go out at once).
    /// Orleans removes a client's subscription for good when a delivery finds the client not
    /// connected, and after a silo restarts its clients need a moment to reconnect: announced at
    /// once, older events would cost those clients their subscriptions. Default: 10 seconds.
    /// </summary>
    public TimeSpan StartupLookbackDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often each pulling agent looks for new events in the log. Default: 25 milliseconds.</summary>
    public TimeSpan PollPeriod { get; set; } = TimeSpan.FromMilliseconds(25);

    /// <summary>
    /// The most events a subscriber's cursor reads from the log in one query and delivers in one
    /// call. Default: 256.
    /// </summary>
    public int BatchSize { get; set; } = 256;
}
