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
    /// How long a waiter is held without being renewed. Clients renew every third of it (the grain
    /// tells them), so a waiter whose client died is dropped at most this long after its last
    /// renewal, and a later write never calls it. Default: 2 minutes.
    /// </summary>
    public TimeSpan WaiterExpiry { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The longest lease an atomic update may take. Default: 5 minutes.</summary>
    public TimeSpan MaxLease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The largest value, as JSON text. Default: 1 MiB.</summary>
    public int MaxValueBytes { get; set; } = 1 << 20;
}
