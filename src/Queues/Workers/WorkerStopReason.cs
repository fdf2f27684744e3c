namespace JobRuntime.Queues.Workers;

/// <summary>Why the workers stopped.</summary>
public enum WorkerStopReason
{
    /// <summary>The queue had no visible message left.</summary>
    QueueEmpty,

    /// <summary>The time limit passed; running tasks were finished.</summary>
    TimeLimit,

    /// <summary>A soft stop (SIGTERM, the stop token): running tasks were finished.</summary>
    Stopped,

    /// <summary>A hard stop (SIGINT, the cancellation token): running tasks were cancelled and left to their visibility timeout.</summary>
    Cancelled,
}
