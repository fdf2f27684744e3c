namespace JobRuntime.Runtime;

/// <summary>
/// Runs one activation's work items one at a time, in order, on the thread pool. It is the
/// SynchronizationContext of grain code, so every <c>await</c> in a grain resumes here: grain code
/// never runs on two threads at once, even when calls interleave.
/// </summary>
internal sealed class ActivationScheduler : SynchronizationContext, IThreadPoolWorkItem
{
    // Items run per thread-pool visit before yielding the thread to other activations.
    private const int Quantum = 64;

    private readonly object _lock = new();
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _items = new();
    private readonly Action<Exception> _onUnhandled;

    // True while a thread owns the scheduler: queued on the pool, draining, or running a call inline.
    private bool _active;

    public ActivationScheduler(Action<Exception> onUnhandled) => _onUnhandled = onUnhandled;

    /// <summary>The activation this scheduler runs.</summary>
    public ActivationData? Activation { get; init; }

    public override void Post(SendOrPostCallback d, object? state)
    {
        lock (_lock)
        {
            _items.Enqueue((d, state));
            if (_active)
            {
                return;
            }
            _active = true;
        }
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Grain code cannot block on its own scheduler.");

    public override SynchronizationContext CreateCopy() => this;

    /// <summary>Takes the scheduler for a call run on the caller's thread; false when it is busy.</summary>
    public bool TryEnterInline()
    {
        lock (_lock)
        {
            if (_active)
            {
                return false;
            }
            _active = true;
            return true;
        }
    }

    /// <summary>Gives the scheduler back after an inline call; work posted meanwhile goes to the pool.</summary>
    public void ExitInline()
    {
        lock (_lock)
        {
            if (_items.Count == 0)
            {
                _active = false;
                return;
            }
        }
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    void IThreadPoolWorkItem.Execute()
    {
        var previous = Current;
        SetSynchronizationContext(this);
        try
        {
            for (var i = 0; i < Quantum; i++)
            {
                (SendOrPostCallback Callback, object? State) item;
                lock (_lock)
                {
                    if (!_items.TryDequeue(out item))
                    {
                        _active = false;
                        return;
                    }
                }
                try
                {
                    item.Callback(item.State);
                }
                catch (Exception e)
                {
                    _onUnhandled(e);
                }
            }
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
        // Quantum used up with work left: let other activations run, then continue.
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }
}
