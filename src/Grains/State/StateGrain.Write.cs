using System.Text.Json;
using JobRuntime.GrainInterfaces.State;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace JobRuntime.Grains.State;

internal sealed partial class StateGrain
{
    private long _version;
    private long _persistedVersion;
    private Task? _flush;
    private Task _published = Task.CompletedTask;
    private int _publishBacklog;

    // Storage writes whose updates may wait for the stream before a further write waits for it.
    private const int MaxPublishBacklog = 8;

    /// <summary>
    /// Applies changes in memory, then returns once a storage write has carried them and the
    /// waiters were told. Changes made while a write is in flight are grouped into the next one,
    /// each keeping its own version, so concurrent writers share one durable write. The stream
    /// hears of them after that write, in version order, while someone watches it.
    /// </summary>
    private async Task<long> WriteAsync(IReadOnlyList<StateChange> changes)
    {
        var now = time.GetUtcNow();
        foreach (var change in changes)
        {
            var before = _values.TryGetValue(change.Key, out var old) ? old : (JsonElement?)null;
            var after = change.Value;
            if (after is { } value)
            {
                _values[change.Key] = value.Clone();
                stored.State.Values[change.Key] = value.GetRawText();
            }
            else
            {
                _values.Remove(change.Key);
                stored.State.Values.Remove(change.Key);
            }
            _version++;
            var update = new StateUpdate(_version, change.Key, before, after, SameValue(before, after), now);
            _history.Add(update);
            stored.State.History.Add(new StoredUpdate { Version = _version, Key = change.Key, Before = before?.GetRawText(), After = after?.GetRawText(), Time = now });
        }
        TrimHistory();
        stored.State.Version = _version;
        var target = _version;
        while (_persistedVersion < target)
        {
            var flush = _flush;
            if (flush is null || flush.IsCompleted)
            {
                flush = _flush = FlushAsync();
            }
            await flush;
        }
        return target;
    }

    private void TrimHistory()
    {
        // Updates not yet written stay: waiters are told of them after the write.
        var excess = Math.Min(_history.Count - _options.HistoryLength, _history.Count(u => u.Version <= _persistedVersion));
        if (excess > 0)
        {
            _history.RemoveRange(0, excess);
            stored.State.History.RemoveRange(0, excess);
        }
    }

    private async Task FlushAsync()
    {
        var from = _persistedVersion;
        var to = _version;
        if (_publishBacklog >= MaxPublishBacklog)
        {
            // The stream is far behind the storage writes: let it catch up before writing more.
            await _published;
        }
        try
        {
            await stored.WriteStateAsync();
        }
        catch (Exception e)
        {
            // Memory now holds changes storage may not: start again from storage.
            LogWriteFailed(logger, Namespace, e);
            DeactivateOnIdle();
            throw;
        }
        _persistedVersion = to;
        var updates = _history.Where(u => u.Version > from && u.Version <= to).ToList();
        NotifyWaiters(updates);
        // The grain state already holds the updates (the history, which is the log), so the writers
        // are answered after this one durable write. The stream only carries them to watchers: when
        // there are some, the append follows in version order, off the writers' path.
        if (IsWatched())
        {
            _publishBacklog++;
            _published = PublishAfterAsync(_published, updates);
        }
    }

    private async Task PublishAfterAsync(Task previous, List<StateUpdate> updates)
    {
        await previous; // never faults: a failed publication is logged
        try
        {
            await PublishAsync(updates);
        }
        finally
        {
            _publishBacklog--;
        }
    }

    /// <summary>Lets the updates already written reach the stream before the grain goes.</summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        try
        {
            await _published.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Readers fill a gap from the kept updates when the next update arrives.
        }
    }

    private async Task PublishAsync(List<StateUpdate> updates)
    {
        if (updates.Count == 0 || TryGetStreams() is not { } streams)
        {
            return;
        }
        var stream = streams.GetStream<StateUpdate>(StreamId.Create(StateStreams.Namespace, Namespace));
        try
        {
            await stream.OnNextBatchAsync(updates);
        }
        catch (Exception e)
        {
            // The change is stored and waiters were told; a stream that cannot take it is logged.
            LogPublishFailed(logger, Namespace, e);
        }
    }

    private IStreamProvider? TryGetStreams()
    {
        try
        {
            return this.GetStreamProvider(StateStreams.Provider);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "State {Namespace} could not be written to grain storage; it starts again from storage")]
    private static partial void LogWriteFailed(ILogger logger, string @namespace, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "State {Namespace}'s updates could not be published to its stream")]
    private static partial void LogPublishFailed(ILogger logger, string @namespace, Exception error);
}
