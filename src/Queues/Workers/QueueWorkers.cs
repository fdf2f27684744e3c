using JobRuntime.Queues.Processors;

namespace JobRuntime.Queues.Workers;

/// <summary>ai4s.jobq's <c>launch_workers</c>: workers that pull tasks, heartbeat, retry and dead-letter them.</summary>
public static class QueueWorkers
{
    /// <summary>
    /// Runs <see cref="WorkerOptions.NumWorkers"/> workers over the queue until it is empty, the
    /// time limit passes, or a stop. Each worker receives one task at a time, hides it for the
    /// visibility timeout and renews it every half timeout while the processor runs; a lost
    /// lease cancels the processor. Success deletes the message; failure puts it back with one
    /// retry fewer or, with none left, moves it to <c>&lt;name&gt;-failed</c> with the error.
    /// </summary>
    /// <param name="queue">The queue.</param>
    /// <param name="processor">Runs each task.</param>
    /// <param name="options">Workers, timeouts, limits; the defaults when null.</param>
    /// <param name="stopToken">A soft stop (SIGTERM): no new task is taken, running ones finish.</param>
    /// <param name="cancellationToken">A hard stop (SIGINT): running tasks are cancelled and left to their visibility timeout.</param>
    /// <returns>Why the workers stopped and the counters.</returns>
    /// <exception cref="TooManyFailuresException">Too many tasks failed in a row.</exception>
    public static async Task<WorkerReport> LaunchWorkersAsync(
        this WorkQueue queue, IQueueProcessor processor, WorkerOptions? options = null,
        CancellationToken stopToken = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(processor);
        options ??= new WorkerOptions();
        WorkerOptionsValidator.Validate(options);
        using var run = new WorkerRun(queue, processor, options, stopToken, cancellationToken);
        return await run.RunAsync().ConfigureAwait(false);
    }

    /// <summary>Runs workers with an async delegate as the processor.</summary>
    public static Task<WorkerReport> LaunchWorkersAsync(
        this WorkQueue queue, Func<QueueTask, CancellationToken, Task> processor, WorkerOptions? options = null,
        CancellationToken stopToken = default, CancellationToken cancellationToken = default) =>
        queue.LaunchWorkersAsync(QueueProcessors.FromDelegate(processor), options, stopToken, cancellationToken);
}
