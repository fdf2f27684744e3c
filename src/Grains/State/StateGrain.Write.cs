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

    /// <summary>Applies changes in memory, then returns once a storage write has carried them (and waiters and the stream were told).</summary>
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
        await PublishAsync(updates);
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
