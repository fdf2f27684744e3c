namespace JobRuntime.Queues.Workers;

/// <summary>The workers stopped because <see cref="WorkerOptions.MaxConsecutiveFailures"/> tasks failed in a row.</summary>
public sealed class TooManyFailuresException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TooManyFailuresException(string queue, int failures, WorkerProgress progress, Exception? last)
        : base($"Workers of queue '{queue}' stopped after {failures} consecutive failures; the last: {last?.Message}", last)
    {
        Progress = progress;
    }

    /// <summary>The counters when the workers stopped.</summary>
    public WorkerProgress Progress { get; }
}
