using Microsoft.Extensions.Logging;

namespace JobRuntime.Streams;

/// <summary>
/// Delivers one subscription's events in order, one at a time, from its cursor onward: from the
/// stream's in-memory cache when it holds them, else from storage. The cursor moves only after a
/// delivery succeeded, so a subscriber sees no gap and no duplicate.
/// </summary>
internal sealed class SubscriptionPump
{
    private readonly StreamState _stream;
    private readonly SemaphoreSlim _signal = new(0);
    private readonly CancellationTokenSource _stop = new();
    private int _notified;
    private long _resetTo = -1;
    private Task _run = Task.CompletedTask;

    public SubscriptionPump(StreamState stream, Guid handleId, long cursor, IStreamDeliveryTarget target, bool persistCursor)
    {
        _stream = stream;
        HandleId = handleId;
        Cursor = cursor;
        Target = target;
        PersistCursor = persistCursor;
    }

    public Guid HandleId { get; }

    /// <summary>The sequence number of the last event delivered.</summary>
    public long Cursor { get; private set; }

    public IStreamDeliveryTarget Target { get; set; }

    public bool PersistCursor { get; }

    public void Start() => _run = Task.Run(RunAsync);

    /// <summary>Wakes the pump: new events may be available.</summary>
    public void Notify()
    {
        if (Interlocked.Exchange(ref _notified, 1) == 0)
        {
            _signal.Release();
        }
    }

    /// <summary>Restarts delivery after <paramref name="cursor"/> (resuming from a token).</summary>
    public void Reset(long cursor)
    {
        Volatile.Write(ref _resetTo, cursor);
        Notify();
    }

    public async Task StopAsync()
    {
        _stop.Cancel();
        try
        {
            await _run;
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RunAsync()
    {
        var token = _stop.Token;
        var batchSize = _stream.Provider.Options.DeliveryBatchSize;
        try
        {
            while (!token.IsCancellationRequested)
            {
                var reset = Interlocked.Exchange(ref _resetTo, -1);
                if (reset >= 0)
                {
                    Cursor = reset;
                }
                Volatile.Write(ref _notified, 0);
                IReadOnlyList<StreamEvent> batch;
                try
                {
                    batch = await _stream.ReadAfterAsync(Cursor, batchSize, token);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e)
                {
                    _stream.Provider.LogReadFailed(_stream.Id, e);
                    await Task.Delay(_stream.Provider.Options.MaxRetryDelay, token).ConfigureAwait(false);
                    continue;
                }
                if (batch.Count == 0)
                {
                    await _signal.WaitAsync(token).ConfigureAwait(false);
                    continue;
                }
                foreach (var streamEvent in batch)
                {
                    if (Volatile.Read(ref _resetTo) >= 0)
                    {
                        break;
                    }
                    await DeliverAsync(streamEvent, token);
                    Cursor = streamEvent.Sequence;
                }
                if (PersistCursor)
                {
                    await _stream.Provider.SaveCursorAsync(HandleId, Cursor);
                }
                _stream.OnPumpAdvanced();
            }
        }
        finally
        {
            // Also when stopped in the middle of a batch: the events delivered so far are not delivered again.
            if (PersistCursor)
            {
                await _stream.Provider.SaveCursorAsync(HandleId, Cursor);
            }
        }
    }

    private async Task DeliverAsync(StreamEvent streamEvent, CancellationToken token)
    {
        var delay = TimeSpan.FromMilliseconds(50);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await Target.DeliverAsync(streamEvent).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (token.IsCancellationRequested)
            {
                // Stopping: the event stays undelivered (the cursor does not pass it), to be delivered after a restart.
                throw new OperationCanceledException($"Delivery to subscription {HandleId} stopped.", e, token);
            }
            catch (Exception e)
            {
                var retry = Target.RetryForever && (e is StreamConsumerMissingException or JobRuntimeException or TimeoutException || attempt < 5);
                _stream.Provider.LogDeliveryFailed(_stream.Id, HandleId, streamEvent.Sequence, attempt, retry, e);
                if (!retry)
                {
                    return;
                }
            }
            await Task.Delay(delay, token).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _stream.Provider.Options.MaxRetryDelay.Ticks));
        }
    }
}
