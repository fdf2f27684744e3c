namespace JobRuntime.Grains.State;

/// <summary>Options of the state grains (configuration section <c>JobRuntime:State</c>).</summary>
public sealed class StateOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "JobRuntime:State";

    /// <summary>
    /// Updates each state keeps (stored with it) for buffered waits and readers catching up; a
    /// waiter further behind sees only these. Default: 256.
    /// </summary>
    public int HistoryLength { get; set; } = 256;

    /// <summary>
    /// How long a waiter (and a watcher of the update stream) is held without being renewed. Clients renew every third of it (the grain
    /// tells them), so a waiter whose client died is dropped at most this long after its last
    /// renewal, and a later write never calls it. Default: 2 minutes.
    /// </summary>
    public TimeSpan WaiterExpiry { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Whether every update is published to the state's stream even when no watcher is registered
    /// (<c>State.WatchAsync</c> registers one), for code that subscribes to the Orleans stream
    /// directly. When false, an update nobody watches costs one durable write (the grain state,
    /// which keeps the latest updates), and watchers catch up from the kept updates. Default: false.
    /// </summary>
    public bool PublishUnwatched { get; set; }

    /// <summary>The longest lease an atomic update may take. Default: 5 minutes.</summary>
    public TimeSpan MaxLease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The largest value, as JSON text. Default: 1 MiB.</summary>
    public int MaxValueBytes { get; set; } = 1 << 20;
}
