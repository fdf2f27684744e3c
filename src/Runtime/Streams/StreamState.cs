namespace JobRuntime.Streams;

/// <summary>
/// One stream within one provider: its sequence counter, its recent events and its subscription
/// pumps. A durable stream appends through a single flusher, so events enter the cache in
/// sequence order and concurrent producers share storage transactions.
/// </summary>
internal sealed class StreamState
{
    private readonly object _lock = new();
    private readonly List<StreamEvent> _cache = [];
    private readonly Dictionary<Guid, SubscriptionPump> _pumps = [];
    private readonly Queue<(StreamEvent[] Events, TaskCompletionSource Done)> _appends = new();
    private TaskCompletionSource? _space;
    private bool _flushing;
    private long _lastSequence;
    // Every event with a sequence number above the floor is in the cache.
    private long _cacheFloor;
    private Task? _initialized;

    public StreamState(StreamProvider provider, StreamId id)
    {
        Provider = provider;
        Id = id;
    }

    public StreamProvider Provider { get; }

    public StreamId Id { get; }

    public long LastSequence
    {
        get { lock (_lock) { return _lastSequence; } }
    }

    /// <summary>Loads the last sequence number and the stored subscriptions (once; again after a failure).</summary>
    public Task EnsureInitializedAsync()
    {
        lock (_lock)
        {
            // A failure (e.g. the file was locked) is not kept: the next caller tries again.
            if (_initialized is { IsFaulted: true } or { IsCanceled: true })
            {
                _initialized = null;
            }
            return _initialized ??= InitializeAsync();
        }
    }

    private async Task InitializeAsync()
    {
        var last = Provider.Events is null ? 0 : await Provider.Events.GetLastSequenceAsync(Provider.Name, Id);
        lock (_lock)
        {
            _lastSequence = Math.Max(_lastSequence, last);
            _cacheFloor = _lastSequence;
        }
        await Provider.StartStoredSubscriptionsAsync(this, last);
    }

    public SubscriptionPump AddPump(Guid handleId, long cursor, IStreamDeliveryTarget target, bool persistCursor)
    {
        SubscriptionPump pump;
        SubscriptionPump? replaced;
        lock (_lock)
        {
            _pumps.TryGetValue(handleId, out replaced);
            pump = new SubscriptionPump(this, handleId, cursor, target, persistCursor);
            _pumps[handleId] = pump;
        }
        if (replaced is not null)
        {
            _ = replaced.StopAsync();
        }
        pump.Start();
        return pump;
    }

    public SubscriptionPump? GetPump(Guid handleId)
    {
        lock (_lock)
        {
            return _pumps.GetValueOrDefault(handleId);
        }
    }

    public async Task RemovePumpAsync(Guid handleId)
    {
        SubscriptionPump? pump;
        lock (_lock)
        {
            _pumps.Remove(handleId, out pump);
        }
        if (pump is not null)
        {
            await pump.StopAsync();
        }
        OnPumpAdvanced();
    }

    public List<SubscriptionPump> Pumps
    {
        get { lock (_lock) { return [.. _pumps.Values]; } }
    }

    /// <summary>Publishes events; for a durable provider, returns once they are stored.</summary>
    public async Task PublishAsync(StreamEvent[] events)
    {
        await EnsureInitializedAsync();
        if (Provider.Events is null)
        {
            await PublishInMemoryAsync(events);
            return;
        }
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool flush;
        lock (_lock)
        {
            _appends.Enqueue((events, done));
            flush = !_flushing;
            _flushing = true;
        }
        if (flush)
        {
            // The producer that finds no flush running flushes itself (its own append and any that
            // queue meanwhile): a lone producer then pays no thread switch per event.
            await FlushAsync();
        }
        await done.Task;
    }

    private async Task PublishInMemoryAsync(StreamEvent[] events)
    {
        while (true)
        {
            Task? wait = null;
            List<SubscriptionPump>? notify = null;
            lock (_lock)
            {
                if (_pumps.Count > 0 && _cache.Count >= Provider.Options.CacheSize)
                {
                    // Back-pressure: a slow subscriber holds the producer instead of losing events.
                    wait = (_space ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
                }
                else
                {
                    foreach (var streamEvent in events)
                    {
                        streamEvent.Sequence = ++_lastSequence;
                    }
                    if (_pumps.Count > 0)
                    {
                        _cache.AddRange(events);
                        notify = [.. _pumps.Values];
                    }
                    else
                    {
                        _cacheFloor = _lastSequence;
                    }
                }
            }
            if (wait is null)
            {
                notify?.ForEach(p => p.Notify());
                return;
            }
            await wait;
        }
    }

    private async Task FlushAsync()
    {
        while (true)
        {
            List<(StreamEvent[] Events, TaskCompletionSource Done)> batch;
            lock (_lock)
            {
                if (_appends.Count == 0)
                {
                    _flushing = false;
                    return;
                }
                batch = [.. _appends];
                _appends.Clear();
            }
            var all = batch.SelectMany(b => b.Events).ToArray();
            try
            {
                var sequences = await Provider.Events!.AppendAsync(Provider.Name, Id, [.. all.Select(e => e.Stored)]);
                List<SubscriptionPump> notify;
                lock (_lock)
                {
                    for (var i = 0; i < all.Length; i++)
                    {
                        all[i].Sequence = sequences[i];
                    }
                    _lastSequence = Math.Max(_lastSequence, sequences[^1]);
                    _cache.AddRange(all);
                    TrimLocked(force: false);
                    notify = [.. _pumps.Values];
                }
                notify.ForEach(p => p.Notify());
                batch.ForEach(b => b.Done.TrySetResult());
            }
            catch (Exception e)
            {
                batch.ForEach(b => b.Done.TrySetException(e));
            }
        }
    }

    /// <summary>
    /// Storage appended events up to <paramref name="lastSequence"/> itself: they are not in the
    /// cache, so subscribers past the cache read them from storage.
    /// </summary>
    public void OnAppendedExternally(long lastSequence)
    {
        List<SubscriptionPump> notify;
        lock (_lock)
        {
            if (lastSequence <= _lastSequence)
            {
                return;
            }
            // Everything cached stays valid; what follows it is only in storage.
            _lastSequence = lastSequence;
            _cacheFloor = long.MaxValue;
            _cache.Clear();
            notify = [.. _pumps.Values];
        }
        notify.ForEach(p => p.Notify());
    }

    /// <summary>Events after <paramref name="cursor"/>, from the cache or (durable) storage.</summary>
    public async Task<IReadOnlyList<StreamEvent>> ReadAfterAsync(long cursor, int max, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (cursor >= _cacheFloor || Provider.Events is null)
            {
                var start = FirstAfter(cursor);
                var count = Math.Min(max, _cache.Count - start);
                return count <= 0 ? [] : _cache.GetRange(start, count);
            }
        }
        var stored = await Provider.Events.ReadAsync(Provider.Name, Id, cursor, max, cancellationToken);
        return [.. stored.Select(StreamEvent.FromStored)];
    }

    private int FirstAfter(long cursor)
    {
        int low = 0, high = _cache.Count;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (_cache[mid].Sequence <= cursor)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }
        return low;
    }

    /// <summary>Drops cached events every pump has passed.</summary>
    public void OnPumpAdvanced()
    {
        TaskCompletionSource? space = null;
        lock (_lock)
        {
            TrimLocked(force: false);
            if (_space is not null && _cache.Count < Provider.Options.CacheSize)
            {
                space = _space;
                _space = null;
            }
        }
        space?.TrySetResult();
    }

    private void TrimLocked(bool force)
    {
        var passed = _pumps.Count == 0 ? _lastSequence : _pumps.Values.Min(p => p.Cursor);
        var remove = FirstAfter(passed);
        // A durable stream also bounds its cache: older events are read back from storage.
        if (Provider.Events is not null && _cache.Count - remove > Provider.Options.CacheSize)
        {
            remove = _cache.Count - Provider.Options.CacheSize;
        }
        if (remove > 0 || force)
        {
            if (remove > 0)
            {
                _cacheFloor = Math.Max(_cacheFloor, _cache[remove - 1].Sequence);
                _cache.RemoveRange(0, remove);
            }
        }
        if (_cache.Count == 0)
        {
            _cacheFloor = Math.Max(_cacheFloor, _lastSequence);
        }
    }
}
