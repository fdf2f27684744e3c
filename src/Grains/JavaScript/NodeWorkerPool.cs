namespace JobRuntime.Grains.JavaScript;

/// <summary>
/// At most <c>size</c> workers, started on first need. A rent takes an idle worker with the wanted
/// heap limit, else starts one while there is room, else replaces an idle worker of another limit.
/// Workers that died are dropped on return and on rent, so the next rent starts a fresh one.
/// </summary>
internal sealed class NodeWorkerPool(int size, Func<int, CancellationToken, Task<NodeWorker>> start) : IAsyncDisposable
{
    private readonly SemaphoreSlim _slots = new(size, size);
    private readonly Lock _lock = new();
    private readonly List<NodeWorker> _idle = [];
    private readonly HashSet<NodeWorker> _all = [];
    private int _count;
    private bool _disposed;

    /// <summary>Takes a worker with heap limit <paramref name="memoryLimitMb"/>; with null, any idle worker (or a new one with <paramref name="fallbackLimitMb"/>).</summary>
    public async Task<NodeWorker> RentAsync(int? memoryLimitMb, int fallbackLimitMb, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        var dropped = new List<NodeWorker>();
        try
        {
            lock (_lock)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                for (var k = _idle.Count - 1; k >= 0; k--)
                {
                    if (!_idle[k].IsAlive)
                    {
                        dropped.Add(_idle[k]);
                        _all.Remove(_idle[k]);
                        _idle.RemoveAt(k);
                        _count--;
                    }
                }
                // Most recently returned first: its programs are likely compiled already.
                for (var k = _idle.Count - 1; k >= 0; k--)
                {
                    if (memoryLimitMb is null || _idle[k].MemoryLimitMb == memoryLimitMb)
                    {
                        var found = _idle[k];
                        _idle.RemoveAt(k);
                        return found;
                    }
                }
                if (_count < size)
                {
                    _count++;
                }
                else
                {
                    // Holding a slot with every worker alive means one is idle: replace the oldest.
                    dropped.Add(_idle[0]);
                    _all.Remove(_idle[0]);
                    _idle.RemoveAt(0);
                }
            }
            try
            {
                var started = await start(memoryLimitMb ?? fallbackLimitMb, cancellationToken);
                lock (_lock)
                {
                    _all.Add(started);
                    if (_disposed)
                    {
                        started.Stop();
                    }
                }
                return started;
            }
            catch
            {
                lock (_lock)
                {
                    _count--;
                }
                throw;
            }
        }
        catch
        {
            _slots.Release();
            throw;
        }
        finally
        {
            foreach (var worker in dropped)
            {
                _ = worker.DisposeAsync().AsTask();
            }
        }
    }

    /// <summary>Gives a worker back; a dead one is disposed and its place freed.</summary>
    public void Return(NodeWorker worker)
    {
        bool keep;
        lock (_lock)
        {
            keep = !_disposed && worker.IsAlive;
            if (keep)
            {
                _idle.Add(worker);
            }
            else
            {
                _count--;
                _all.Remove(worker);
            }
        }
        if (!keep)
        {
            _ = worker.DisposeAsync().AsTask();
        }
        _slots.Release();
    }

    /// <summary>The workers' process ids, idle ones only (for tests and diagnostics).</summary>
    public IReadOnlyList<int> IdleProcessIds()
    {
        lock (_lock)
        {
            return [.. _idle.Select(w => w.ProcessId)];
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        List<NodeWorker> idle;
        lock (_lock)
        {
            _disposed = true;
            idle = [.. _idle];
            _idle.Clear();
            // Busy workers are stopped here and disposed when their renter returns them.
            foreach (var worker in _all.Except(idle))
            {
                worker.Stop();
            }
            _all.Clear();
        }
        foreach (var worker in idle)
        {
            await worker.DisposeAsync();
        }
    }
}
