using JobRuntime.GrainInterfaces.State;

namespace JobRuntime.Client.States;

public sealed partial class State
{
    private readonly Task<long> _created;
    private readonly object _observerLock = new();
    private StateWaiterObserver? _observer;
    private IStateWaiter? _observerReference;
    private long _cursor = -1;

    /// <summary>Waits for an update of one of <paramref name="keys"/> (any key when none; every other key with <paramref name="exclude"/>) and returns the state after it.</summary>
    public async Task<StateSnapshot> WhenChangeAsync(IEnumerable<string> keys, bool exclude = false, StateWaitOptions? options = null, CancellationToken cancellationToken = default) =>
        (await WaitAsync(new StateCondition(StateConditionKind.Change, [.. keys ?? []], exclude), options, cancellationToken)).Snapshot;

    /// <summary>Waits until the key's value equals <paramref name="value"/> (checked on the current state first).</summary>
    public async Task<StateSnapshot> WhenEqualAsync(string key, object? value, StateWaitOptions? options = null, CancellationToken cancellationToken = default) =>
        (await WaitAsync(new StateCondition(StateConditionKind.Equal, [key], Value: StateJson.ToElement(value)), options, cancellationToken)).Snapshot;

    /// <summary>Waits until the key is present with a value other than <paramref name="value"/>.</summary>
    public async Task<StateSnapshot> WhenNotEqualAsync(string key, object? value, StateWaitOptions? options = null, CancellationToken cancellationToken = default) =>
        (await WaitAsync(new StateCondition(StateConditionKind.NotEqual, [key], Value: StateJson.ToElement(value)), options, cancellationToken)).Snapshot;

    /// <summary>Waits until the key is present with the value null.</summary>
    public async Task<StateSnapshot> WhenNoneAsync(string key, StateWaitOptions? options = null, CancellationToken cancellationToken = default) =>
        (await WaitAsync(new StateCondition(StateConditionKind.None, [key]), options, cancellationToken)).Snapshot;

    /// <summary>Waits until the key is present with a value other than null.</summary>
    public async Task<StateSnapshot> WhenNotNoneAsync(string key, StateWaitOptions? options = null, CancellationToken cancellationToken = default) =>
        (await WaitAsync(new StateCondition(StateConditionKind.NotNone, [key]), options, cancellationToken)).Snapshot;

    /// <summary>Waits until the key is present.</summary>
    public async Task<StateSnapshot> WhenAvailableAsync(string key, StateWaitOptions? options = null, CancellationToken cancellationToken = default) =>
        (await WaitAsync(new StateCondition(StateConditionKind.Available, [key]), options, cancellationToken)).Snapshot;

    /// <summary>Waits for the next update (zproc's raw update: before, after, identical).</summary>
    public async Task<StateUpdate> WhenRawUpdateAsync(StateWaitOptions? options = null, CancellationToken cancellationToken = default) =>
        (await WaitAsync(new StateCondition(StateConditionKind.Raw, []), options, cancellationToken)).Update!;

    /// <summary>
    /// Waits for a built-in condition evaluated in the state's grain, which holds the wait as an
    /// observer (renewed every <see cref="RenewInterval"/>).
    /// </summary>
    /// <exception cref="TimeoutException">The options' timeout passed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<StateMatch> WaitAsync(StateCondition condition, StateWaitOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        options ??= StateWaitOptions.Default;
        if (options.DuplicateOkay != condition.DuplicateOkay)
        {
            condition = condition with { DuplicateOkay = options.DuplicateOkay };
        }
        var after = options.Live ? -1 : await CursorAsync();
        return await WaitAfterAsync(condition, after, options, cancellationToken);
    }

    /// <summary>
    /// Waits for a condition among the updates after version <paramref name="after"/> (kept ones
    /// included), for callers that track versions themselves (HTTP long polls, the command line).
    /// </summary>
    /// <exception cref="TimeoutException"><paramref name="timeout"/> passed.</exception>
    public Task<StateMatch> WaitFromAsync(StateCondition condition, long after, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentOutOfRangeException.ThrowIfNegative(after);
        return WaitAfterAsync(condition, after, new StateWaitOptions(Live: true, Timeout: timeout, DuplicateOkay: condition.DuplicateOkay), cancellationToken);
    }

    private async Task<StateMatch> WaitAfterAsync(StateCondition condition, long after, StateWaitOptions options, CancellationToken cancellationToken)
    {
        var waitId = Guid.NewGuid();
        var (observer, reference) = Observer();
        var matched = observer.Register(waitId);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (options.Timeout is { } limit)
        {
            deadline.CancelAfter(limit);
        }
        var done = false;
        try
        {
            while (true)
            {
                StateWaitAck ack;
                try
                {
                    ack = await Grain.Wait(waitId, condition, after, reference).WaitAsync(deadline.Token);
                }
                catch (Exception e) when (IsTransient(e) && !deadline.IsCancellationRequested)
                {
                    // The grain's silo is stopping or gone: register again shortly (the updates
                    // since 'after' are kept, so none is missed).
                    var pause = Task.Delay(TimeSpan.FromMilliseconds(500), deadline.Token);
                    if (await Task.WhenAny(matched, pause) != matched)
                    {
                        await pause;
                        continue;
                    }
                    ack = new StateWaitAck(await matched, after);
                }
                after = ack.After;
                var match = ack.Match;
                if (match is null)
                {
                    var renew = Task.Delay(RenewEvery(ack.Expiry), deadline.Token);
                    if (await Task.WhenAny(matched, renew) == matched)
                    {
                        match = await matched;
                    }
                    else
                    {
                        await renew; // throws when cancelled or past the deadline
                        continue;
                    }
                }
                done = true;
                if (!options.Live && match.Update is { } update)
                {
                    Advance(update.Version);
                }
                return match;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && options.Timeout is { } waited)
        {
            throw new TimeoutException($"State '{Namespace}': {Describe(condition)} did not happen within {waited}.");
        }
        finally
        {
            observer.Unregister(waitId);
            if (!done)
            {
                _ = Grain.CancelWait(waitId).ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
            }
        }
    }

    // Renew well within the grain's expiry (a third of it), and never less often than RenewInterval.
    private TimeSpan RenewEvery(TimeSpan expiry) =>
        expiry > TimeSpan.Zero && expiry / 3 < RenewInterval ? expiry / 3 : RenewInterval;

    // Domain errors (a refused condition) and cancellation end the wait; anything else is the cluster's weather.
    private static bool IsTransient(Exception error) =>
        error is not (GrainInterfaces.JobRuntimeException or OperationCanceledException or ArgumentException);

    private static string Describe(StateCondition condition) => condition.Kind switch
    {
        StateConditionKind.Change when condition.Keys.Length == 0 => "no change",
        StateConditionKind.Change => $"no change {(condition.Exclude ? "outside" : "of")} {string.Join(", ", condition.Keys)}",
        StateConditionKind.Raw => "no update",
        StateConditionKind.Equal or StateConditionKind.NotEqual => $"{condition.Kind} on '{condition.Keys[0]}' with {condition.Value?.GetRawText()}",
        _ => $"{condition.Kind} on '{condition.Keys[0]}'",
    };

    /// <summary>The version buffered waits start after: the handle's creation, moved on by each buffered match.</summary>
    private async Task<long> CursorAsync()
    {
        var created = await _created;
        lock (_observerLock)
        {
            if (_cursor < created)
            {
                _cursor = created;
            }
            return _cursor;
        }
    }

    private void Advance(long version)
    {
        lock (_observerLock)
        {
            _cursor = Math.Max(_cursor, version);
        }
    }

    private (StateWaiterObserver Observer, IStateWaiter Reference) Observer()
    {
        lock (_observerLock)
        {
            if (_observer is null || _observerReference is null)
            {
                _observer = new StateWaiterObserver();
                _observerReference = _client.CreateObjectReference<IStateWaiter>(_observer);
            }
            return (_observer, _observerReference);
        }
    }
}
