namespace JobRuntime.Queues.Enqueue;

/// <summary>Options of <see cref="BatchEnqueue"/> (ai4s.jobq's <c>batch_enqueue</c> defaults).</summary>
public sealed class BatchEnqueueOptions
{
    /// <summary>Push tasks even when <see cref="WorkSpecification.AlreadyDoneAsync"/> says they are done; passed to the listing. Default: false.</summary>
    public bool Force { get; set; }

    /// <summary>Retries of each task after a failure. Default: 1.</summary>
    public int NumRetries { get; set; } = 1;

    /// <summary>Seeds listed at once. Default: 10.</summary>
    public int NumListTaskWorkers { get; set; } = 10;

    /// <summary>Concurrent <see cref="WorkSpecification.AlreadyDoneAsync"/> checks and pushes. Default: 100.</summary>
    public int NumEnqueueWorkers { get; set; } = 100;

    /// <summary>Tasks per push. Default: 100.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>List and check, but push nothing. Default: false.</summary>
    public bool DryRun { get; set; }

    /// <summary>Random task ids instead of the MD5 of the task. Default: false.</summary>
    public bool RandomIds { get; set; }

    /// <summary>Receives the counters as the batch goes. Default: none.</summary>
    public IProgress<BatchEnqueueResult>? Progress { get; set; }
}
