namespace JobRuntime.Queues.Workers;

/// <summary>The outcome of <c>LaunchWorkersAsync</c>.</summary>
/// <param name="Reason">Why the workers stopped.</param>
/// <param name="Progress">The final counters.</param>
public sealed record WorkerReport(WorkerStopReason Reason, WorkerProgress Progress);
