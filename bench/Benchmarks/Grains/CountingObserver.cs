using Orleans.Streams;

namespace JobRuntime.Benchmarks.Grains;

/// <summary>A stream observer that counts items and lets a caller wait for a count.</summary>
/// <param name="itemsIn">How many items one event carries (1 for a single value, the length for a batch).</param>
public sealed class CountingObserver<T>(Func<T, int> itemsIn) : IAsyncObserver<T>
{
    private readonly Lock _lock = new();
    private long _received;
    private long _target = long.MaxValue;
    private TaskCompletionSource? _waiter;

    public Task OnNextAsync(T item, StreamSequenceToken? token = null)
    {
        lock (_lock)
        {
            _received += itemsIn(item);
            if (_received >= _target)
            {
                _target = long.MaxValue;
                _waiter!.TrySetResult();
            }
        }
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex)
    {
        lock (_lock)
        {
            _waiter?.TrySetException(ex);
        }
        return Task.CompletedTask;
    }

    /// <summary>Completes once <paramref name="count"/> items have arrived in all (one waiter at a time).</summary>
    public Task WaitFor(long count)
    {
        lock (_lock)
        {
            if (_received >= count)
            {
                return Task.CompletedTask;
            }
            _target = count;
            _waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _waiter.Task;
        }
    }
}
