namespace JobRuntime;

/// <summary>A grain timer; dispose it to stop it. Timers stop by themselves when the grain deactivates.</summary>
public interface IGrainTimer : IDisposable
{
    /// <summary>Changes when the timer next fires and its period.</summary>
    void Change(TimeSpan dueTime, TimeSpan period);
}

/// <summary>Options of <c>RegisterGrainTimer</c>.</summary>
public readonly record struct GrainTimerCreationOptions(TimeSpan DueTime, TimeSpan Period)
{
    /// <summary>Ticks interleave with calls instead of waiting for a turn of their own. Default: false.</summary>
    public bool Interleave { get; init; }

    /// <summary>Ticks count as activity, keeping the grain from idle collection. Default: false.</summary>
    public bool KeepAlive { get; init; }
}
