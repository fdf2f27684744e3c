using JobRuntime.Storage;
using JobRuntime.Timers;

namespace JobRuntime.Runtime;

internal sealed partial class ActivationData
{
    private readonly List<GrainTimer> _timers = [];
    private readonly TaskCompletionSource _deactivated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private List<IPersistentStateLoader>? _states;

    /// <summary>Completes when the activation has left the directory.</summary>
    public Task Deactivated => _deactivated.Task;

    /// <summary>Called by the grain activator for each persistent state it creates.</summary>
    internal void AddPersistentState(IPersistentStateLoader state) => (_states ??= []).Add(state);

    /// <summary>Constructs the grain, reads its state and runs OnActivateAsync, on the scheduler.</summary>
    public void StartActivation() => Scheduler.Post(static s => _ = ((ActivationData)s!).ActivateAsync(), this);

    private async Task ActivateAsync()
    {
        try
        {
            t_constructing = this;
            try
            {
                GrainInstance = GrainClass.Activator.Create(_runtime.Services, this);
            }
            finally
            {
                t_constructing = null;
            }
            using var scope = _runtime.BeginGrainScope(this);
            if (_states is not null)
            {
                foreach (var state in _states)
                {
                    await state.ReadStateAsync();
                }
            }
            if (GrainInstance is IGrainBase grain)
            {
                using var cancellation = new CancellationTokenSource(_runtime.Options.Collection.ActivationTimeout);
                await grain.OnActivateAsync(cancellation.Token);
            }
        }
        catch (Exception e)
        {
            FailActivation(e);
            return;
        }
        bool deactivate;
        lock (_lock)
        {
            _state = ActivationState.Valid;
            _lastActive = Environment.TickCount64;
            // The silo began stopping while this activation was activating: nothing else would
            // start its deactivation, and the stop waits for it. (The calls queued meanwhile fail
            // with SiloUnavailableException instead of going to a next activation.)
            deactivate = _deactivation is { Code: DeactivationReasonCode.ShuttingDown } && _running == 0;
            if (deactivate)
            {
                _state = ActivationState.Deactivating;
            }
        }
        _runtime.LogActivated(this);
        if (deactivate)
        {
            Scheduler.Post(static s => _ = ((ActivationData)s!).DeactivateAsync(), this);
            return;
        }
        // The first calls were queued while activating; admit them.
        ReleaseWaiting();
    }

    private void ReleaseWaiting()
    {
        List<PendingCall>? toStart = null;
        lock (_lock)
        {
            while (_waiting.Count > 0 && CanStart(_waiting.Peek().Method))
            {
                var next = _waiting.Dequeue();
                Admit(next.Method);
                (toStart ??= []).Add(next);
            }
        }
        if (toStart is not null)
        {
            foreach (var call in toStart)
            {
                Scheduler.Post(static s => ((PendingCall)s!).Start(), call);
            }
        }
    }

    private void FailActivation(Exception cause)
    {
        if (cause is System.Reflection.TargetInvocationException { InnerException: { } inner })
        {
            cause = inner;
        }
        var error = new GrainActivationException(
            GrainId,
            $"Grain {GrainId} ({GrainClass.GrainClass.Name}) failed to activate: {cause.GetType().Name}: {cause.Message}",
            cause);
        _runtime.LogActivationFailed(GrainId, cause);
        PendingCall[] waiting;
        lock (_lock)
        {
            _state = ActivationState.Invalid;
            waiting = [.. _waiting];
            _waiting.Clear();
        }
        _runtime.Directory.Remove(this);
        _deactivated.TrySetResult();
        foreach (var call in waiting)
        {
            call.Fail(error);
        }
    }

    /// <inheritdoc/>
    public void Deactivate(DeactivationReason reason)
    {
        bool now;
        lock (_lock)
        {
            if (_deactivation is not null || _state is ActivationState.Deactivating or ActivationState.Invalid)
            {
                return;
            }
            _deactivation = reason;
            now = _running == 0 && _state == ActivationState.Valid;
            if (now)
            {
                _state = ActivationState.Deactivating;
            }
        }
        if (now)
        {
            Scheduler.Post(static s => _ = ((ActivationData)s!).DeactivateAsync(), this);
        }
    }

    /// <summary>Starts deactivation when the activation has been idle longer than its collection age.</summary>
    public bool TryCollect(long now, TimeSpan defaultAge)
    {
        var age = (long)(GrainClass.CollectionAge ?? defaultAge).TotalMilliseconds;
        lock (_lock)
        {
            if (_state != ActivationState.Valid || _running != 0 || _waiting.Count != 0 || now - _lastActive < age || now < _keepAliveUntil)
            {
                return false;
            }
        }
        Deactivate(new DeactivationReason(DeactivationReasonCode.ActivationIdle, $"Idle for more than {TimeSpan.FromMilliseconds(age)}."));
        return true;
    }

    public void DelayDeactivation(TimeSpan timeSpan)
    {
        lock (_lock)
        {
            _keepAliveUntil = Math.Max(_keepAliveUntil, Environment.TickCount64 + (long)timeSpan.TotalMilliseconds);
        }
    }

    private async Task DeactivateAsync()
    {
        DeactivationReason reason;
        lock (_lock)
        {
            reason = _deactivation ?? new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "Deactivated.");
        }
        GrainTimer[] timers;
        lock (_lock)
        {
            timers = [.. _timers];
        }
        foreach (var timer in timers)
        {
            timer.Dispose();
        }
        if (GrainInstance is IGrainBase grain)
        {
            try
            {
                using var scope = _runtime.BeginGrainScope(this);
                using var cancellation = new CancellationTokenSource(_runtime.Options.Collection.DeactivationTimeout);
                await grain.OnDeactivateAsync(reason, cancellation.Token);
            }
            catch (Exception e)
            {
                _runtime.LogDeactivationFailed(GrainId, e);
            }
        }
        PendingCall[] forward;
        lock (_lock)
        {
            _state = ActivationState.Invalid;
            forward = [.. _waiting];
            _waiting.Clear();
        }
        _runtime.Directory.Remove(this);
        _runtime.LogDeactivated(this, reason);
        _deactivated.TrySetResult();
        // Calls that arrived while deactivating go to the grain's next activation.
        foreach (var call in forward)
        {
            _runtime.Dispatch(GrainId, call);
        }
    }

    internal IGrainTimer RegisterTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new GrainTimer<TState>(this, _runtime.Time, callback, state, options);
        lock (_lock)
        {
            if (_state is ActivationState.Deactivating or ActivationState.Invalid)
            {
                throw new InvalidOperationException($"Grain {GrainId} is deactivating: it cannot start a timer.");
            }
            _timers.Add(timer);
        }
        timer.Start();
        return timer;
    }

    internal void RemoveTimer(GrainTimer timer)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
        }
    }
}
