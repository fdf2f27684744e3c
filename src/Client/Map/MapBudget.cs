namespace JobRuntime.Client.Map;

/// <summary>
/// Results a map may hold ahead of its consumer: workers take room before computing, the consumer
/// gives it back as it reads. Waiters are served in order.
/// </summary>
internal sealed class MapBudget(int capacity)
{
    private readonly Queue<(int Count, TaskCompletionSource Ready)> _waiters = new();
    private int _available = capacity;

    public ValueTask TakeAsync(int count, CancellationToken cancellationToken)
    {
        TaskCompletionSource ready;
        lock (_waiters)
        {
            if (_waiters.Count == 0 && _available >= count)
            {
                _available -= count;
                return ValueTask.CompletedTask;
            }
            ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue((count, ready));
        }
        return WaitAsync(ready, cancellationToken);
    }

    private static async ValueTask WaitAsync(TaskCompletionSource ready, CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(static r => ((TaskCompletionSource)r!).TrySetCanceled(), ready);
        await ready.Task;
    }

    public void Give(int count)
    {
        List<TaskCompletionSource>? wake = null;
        lock (_waiters)
        {
            _available += count;
            while (_waiters.TryPeek(out var waiter))
            {
                if (waiter.Ready.Task.IsCompleted)
                {
                    _waiters.Dequeue();
                }
                else if (_available >= waiter.Count)
                {
                    _available -= waiter.Count;
                    _waiters.Dequeue();
                    (wake ??= []).Add(waiter.Ready);
                }
                else
                {
                    break;
                }
            }
        }
        foreach (var ready in wake ?? [])
        {
            ready.TrySetResult();
        }
    }
}
