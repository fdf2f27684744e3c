using Microsoft.Extensions.Options;

namespace JobRuntime.Grains.Jobs;

/// <summary>
/// This silo's task batch slots (<see cref="JobsOptions.Concurrency"/>), shared by the jobs whose
/// chunks are active here in proportion to their bids: when a slot frees up, it goes to the
/// waiting job that has had the least service per unit of bid (stride scheduling), so none starves.
/// </summary>
internal sealed class TaskSlots
{
    private readonly object _lock = new();
    private readonly Dictionary<string, Waiting> _waiting = [];
    private readonly Dictionary<string, double> _passes = []; // each job's pass, kept while it comes back for more
    private int _free;
    private double _now;

    public TaskSlots(IOptions<JobsOptions> options) => _free = options.Value.Concurrency;

    private sealed class Waiting(double pass, double bid)
    {
        public double Pass { get; set; } = pass;
        public double Bid { get; } = bid;
        public Queue<TaskCompletionSource> Queue { get; } = new();
    }

    /// <summary>Waits for a slot for a batch of <paramref name="jobId"/>; dispose the result to give it back.</summary>
    public async ValueTask<IDisposable> EnterAsync(string jobId, double bid, CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        lock (_lock)
        {
            if (_free > 0 && _waiting.Count == 0)
            {
                _free--;
                return new Slot(this);
            }
            if (!_waiting.TryGetValue(jobId, out var waiting))
            {
                // A job keeps the pass it reached; one back from idle starts at the present, not in the past.
                waiting = new Waiting(Math.Max(_now, _passes.GetValueOrDefault(jobId)), bid);
                _waiting.Add(jobId, waiting);
            }
            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiting.Queue.Enqueue(waiter);
        }
        using (cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken)))
        {
            try
            {
                await waiter.Task;
            }
            catch (OperationCanceledException)
            {
                lock (_lock)
                {
                    // Granted just as it was cancelled: pass the slot on.
                    if (waiter.Task.IsCompletedSuccessfully)
                    {
                        ReleaseLocked();
                    }
                }
                throw;
            }
        }
        return new Slot(this);
    }

    private void Release()
    {
        lock (_lock)
        {
            ReleaseLocked();
        }
    }

    private void ReleaseLocked()
    {
        while (_waiting.Count > 0)
        {
            var (jobId, next) = _waiting.MinBy(w => w.Value.Pass);
            var waiter = next.Queue.Dequeue();
            if (next.Queue.Count == 0)
            {
                _waiting.Remove(jobId);
            }
            _now = next.Pass;
            next.Pass += 1 / next.Bid;
            _passes[jobId] = next.Pass;
            if (_passes.Count > 10_000)
            {
                foreach (var idle in _passes.Where(p => p.Value <= _now && !_waiting.ContainsKey(p.Key)).Select(p => p.Key).ToList())
                {
                    _passes.Remove(idle);
                }
            }
            if (waiter.TrySetResult())
            {
                return;
            }
        }
        _free++;
    }

    private sealed class Slot(TaskSlots slots) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
