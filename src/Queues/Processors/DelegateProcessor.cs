namespace JobRuntime.Queues.Processors;

/// <summary>A processor that calls an async .NET delegate.</summary>
internal sealed class DelegateProcessor(Func<QueueTask, CancellationToken, Task> run) : IQueueProcessor
{
    public Task ProcessAsync(QueueTask task, CancellationToken cancellationToken) => run(task, cancellationToken);
}
