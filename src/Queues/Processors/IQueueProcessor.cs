namespace JobRuntime.Queues.Processors;

/// <summary>
/// Runs one task. Returning is success (the message is deleted); throwing is failure (retried
/// while retries are left, then dead-lettered with the exception's message). The token is
/// cancelled when the task's lease is lost or the workers are stopped hard.
/// </summary>
public interface IQueueProcessor
{
    /// <summary>Runs the task.</summary>
    Task ProcessAsync(QueueTask task, CancellationToken cancellationToken);
}
