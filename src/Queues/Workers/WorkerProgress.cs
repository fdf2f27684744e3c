namespace JobRuntime.Queues.Workers;

/// <summary>Counters of a run of workers, reported after every task.</summary>
/// <param name="Succeeded">Tasks that ran and were deleted.</param>
/// <param name="Retried">Failures put back with one retry fewer.</param>
/// <param name="DeadLettered">Failures with no retry left, moved to the dead-letter queue.</param>
/// <param name="LeaseLost">Tasks whose lease was lost (cancelled, left to whoever holds the message now).</param>
/// <param name="Running">Tasks running now.</param>
/// <param name="Elapsed">Time since the workers started.</param>
public sealed record WorkerProgress(long Succeeded, long Retried, long DeadLettered, long LeaseLost, int Running, TimeSpan Elapsed)
{
    /// <summary>Failures, retried or dead-lettered.</summary>
    public long Failed => Retried + DeadLettered;
}
