using JobRuntime.GrainInterfaces.State;
using Microsoft.Extensions.Logging;

namespace JobRuntime.Grains.State;

internal sealed partial class StateGrain
{
    private readonly Dictionary<Guid, Waiter> _waiters = [];

    private sealed record Waiter(StateCondition Condition, IStateWaiter Observer, long After, DateTimeOffset Expires);

    public Task<StateWaitAck> Wait(Guid waitId, StateCondition condition, long after, IStateWaiter waiter)
    {
        StateConditions.Validate(condition);
        ArgumentNullException.ThrowIfNull(waiter);
        if (after < 0 || after > _persistedVersion)
        {
            after = _persistedVersion;
        }
        if (TryMatch(condition, after) is { } match)
        {
            _waiters.Remove(waitId);
            return Task.FromResult(new StateWaitAck(match, after));
        }
        PurgeExpiredWaiters();
        _waiters[waitId] = new Waiter(condition, waiter, after, time.GetUtcNow() + _options.WaiterExpiry);
        return Task.FromResult(new StateWaitAck(null, after));
    }

    public Task<int> GetWaiterCount()
    {
        PurgeExpiredWaiters();
        return Task.FromResult(_waiters.Count);
    }

    public Task CancelWait(Guid waitId)
    {
        _waiters.Remove(waitId);
        return Task.CompletedTask;
    }

    /// <summary>A value condition holding now, else the first written update after <paramref name="after"/> that satisfies it.</summary>
    private StateMatch? TryMatch(StateCondition condition, long after)
    {
        if (StateConditions.IsValueCondition(condition))
        {
            var key = condition.Keys[0];
            var snapshot = SnapshotAt(_persistedVersion);
            if (StateConditions.HoldsFor(condition, snapshot.Values.TryGetValue(key, out var value) ? value : null))
            {
                return new StateMatch(snapshot, null);
            }
        }
        foreach (var update in _history)
        {
            if (update.Version > after && update.Version <= _persistedVersion && StateConditions.Matches(condition, update))
            {
                return new StateMatch(SnapshotAt(update.Version), update);
            }
        }
        return null;
    }

    /// <summary>Tells each waiter the first of the newly written updates that satisfies it, and drops it.</summary>
    private void NotifyWaiters(List<StateUpdate> updates)
    {
        if (_waiters.Count == 0 || updates.Count == 0)
        {
            return;
        }
        PurgeExpiredWaiters();
        List<Guid>? done = null;
        foreach (var (id, waiter) in _waiters)
        {
            foreach (var update in updates)
            {
                if (update.Version > waiter.After && StateConditions.Matches(waiter.Condition, update))
                {
                    var match = new StateMatch(SnapshotAt(update.Version), update);
                    _ = TellAsync(waiter.Observer, id, match);
                    (done ??= []).Add(id);
                    break;
                }
            }
        }
        foreach (var id in done ?? [])
        {
            _waiters.Remove(id);
        }
    }

    private async Task TellAsync(IStateWaiter observer, Guid waitId, StateMatch match)
    {
        try
        {
            await observer.Matched(waitId, match);
        }
        catch (Exception e)
        {
            // A waiter whose client is gone; if it comes back it renews and finds the update kept.
            LogWaiterUnreachable(logger, Namespace, waitId, e.Message);
        }
    }

    private void PurgeExpiredWaiters()
    {
        var now = time.GetUtcNow();
        foreach (var (id, waiter) in _waiters)
        {
            if (waiter.Expires <= now)
            {
                _waiters.Remove(id);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "State {Namespace} could not tell waiter {WaitId}: {Reason}")]
    private static partial void LogWaiterUnreachable(ILogger logger, string @namespace, Guid waitId, string reason);
}
