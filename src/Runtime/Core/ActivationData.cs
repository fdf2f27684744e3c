using JobRuntime.CodeGeneration;
using JobRuntime.Timers;

namespace JobRuntime.Runtime;

/// <summary>The states of an activation; each transition is made under the activation's lock.</summary>
internal enum ActivationState
{
    /// <summary>Created by the catalog; construction, state reads and OnActivateAsync are running. Calls wait.</summary>
    Activating,
    /// <summary>Serving calls.</summary>
    Valid,
    /// <summary>OnDeactivateAsync is running; calls wait and are forwarded to the next activation.</summary>
    Deactivating,
    /// <summary>Gone from the directory; callers holding it look the grain up again.</summary>
    Invalid,
}

/// <summary>
/// One activation of a grain: its instance, its scheduler and the calls waiting for a turn.
/// Admission follows the grain's concurrency rules: one call at a time unless the class is
/// reentrant, the method always interleaves, or all running calls and the new one are read-only.
/// </summary>
internal sealed partial class ActivationData : IGrainContext
{
    private const int MaxInlineDepth = 4;

    [ThreadStatic] private static ActivationData? t_constructing;
    [ThreadStatic] private static int t_inlineDepth;

    private readonly object _lock = new();
    private readonly Queue<PendingCall> _waiting = new();
    private readonly SiloRuntime _runtime;
    private ActivationState _state = ActivationState.Activating;
    private int _running;
    private int _runningReadOnly;
    private long _lastActive = Environment.TickCount64;
    private long _keepAliveUntil;
    private DeactivationReason? _deactivation;

    public ActivationData(GrainId grainId, GrainClassMetadata grainClass, SiloRuntime runtime)
    {
        GrainId = grainId;
        GrainClass = grainClass;
        _runtime = runtime;
        Scheduler = new ActivationScheduler(e => runtime.LogUnhandled(grainId, e)) { Activation = this };
        LogScope = new GrainLogScope(grainId);
    }

    /// <summary>The activation whose grain constructor is running on this thread.</summary>
    internal static ActivationData? Constructing => t_constructing;

    public GrainId GrainId { get; }

    public GrainClassMetadata GrainClass { get; }

    public ActivationScheduler Scheduler { get; }

    public GrainLogScope LogScope { get; }

    public object? GrainInstance { get; private set; }

    public IServiceProvider ActivationServices => _runtime.Services;

    public IGrainFactory GrainFactory => _runtime.GrainFactory;

    internal ReminderService Reminders => _runtime.Reminders;

    public ActivationState State
    {
        get { lock (_lock) { return _state; } }
    }

    /// <summary>The activation whose code is running on this thread (null outside grain code).</summary>
    internal static ActivationData? Current => (SynchronizationContext.Current as ActivationScheduler)?.Activation;

    /// <summary>The grain's observers of stream subscriptions, by handle; touched only by grain turns.</summary>
    internal Dictionary<Guid, Streams.IGrainStreamConsumer> StreamConsumers { get; } = [];

    /// <summary>True once the activation left the directory (read without the lock: callers re-check on enqueue).</summary>
    public bool IsGone => _state == ActivationState.Invalid;

    internal void LogTimerFailed(Exception error) => _runtime.LogTimerFailed(GrainId, error);

    public T AsReference<T>() where T : IAddressable => _runtime.GrainFactory.GetGrain<T>(GrainId);

    /// <summary>
    /// Calls the grain. When the activation is idle the call runs on the caller's thread (no
    /// thread hop); otherwise it waits its turn. False when the activation is gone: look again.
    /// </summary>
    public bool TryInvoke<T>(GrainRequest<T> request, CallContext? caller, out ValueTask<T> result)
    {
        var context = new CallContext(GrainId, request.Method, caller);
        if (request.Method.IsOneWay)
        {
            result = default;
            return TryEnqueue(new RequestCall<T>(request, context, _runtime, oneWay: true));
        }
        if (t_inlineDepth < MaxInlineDepth && TryAdmitInline(request.Method))
        {
            result = InvokeInline(request, context);
            return true;
        }
        var call = new RequestCall<T>(request, context, _runtime, oneWay: false);
        if (!TryEnqueue(call))
        {
            _runtime.Timeouts.Remove(call);
            result = default;
            return false;
        }
        result = new ValueTask<T>(call.Task);
        return true;
    }

    private bool TryAdmitInline(GrainMethod method)
    {
        lock (_lock)
        {
            if (_waiting.Count != 0 || !CanStart(method) || !Scheduler.TryEnterInline())
            {
                return false;
            }
            Admit(method);
            return true;
        }
    }

    private ValueTask<T> InvokeInline<T>(GrainRequest<T> request, CallContext context)
    {
        var previousContext = SynchronizationContext.Current;
        var previousCall = CallContext.Current;
        SynchronizationContext.SetSynchronizationContext(Scheduler);
        CallContext.Current = context;
        t_inlineDepth++;
        ValueTask<T> pending;
        try
        {
            using (_runtime.BeginGrainScope(this))
            {
                pending = request.InvokeAsync(GrainInstance!);
            }
        }
        catch (Exception e)
        {
            pending = ValueTask.FromException<T>(e);
        }
        finally
        {
            t_inlineDepth--;
            CallContext.Current = previousCall;
            SynchronizationContext.SetSynchronizationContext(previousContext);
        }

        if (pending.IsCompleted)
        {
            OnCallFinished(request.Method);
            Scheduler.ExitInline();
            if (!pending.IsCompletedSuccessfully)
            {
                return pending;
            }
            try
            {
                return new ValueTask<T>(_runtime.Copier.Copy(pending.Result));
            }
            catch (GrainSerializationException e)
            {
                return ValueTask.FromException<T>(new GrainSerializationException($"The result of {GrainId} {request.Method} cannot be copied: {e.Message}", e.InnerException));
            }
        }

        // The grain awaited something: the rest of the call runs on the scheduler.
        var call = new RequestCall<T>(request, context, _runtime, oneWay: false) { Activation = this };
        call.Track(pending);
        Scheduler.ExitInline();
        return new ValueTask<T>(call.Task);
    }

    /// <summary>Queues a call (or starts it when admissible). False when the activation is gone.</summary>
    public bool TryEnqueue(PendingCall call)
    {
        bool start;
        lock (_lock)
        {
            if (_state == ActivationState.Invalid)
            {
                return false;
            }
            call.Activation = this;
            var interleaves = (call.Method.Flags & GrainMethodFlags.AlwaysInterleave) != 0;
            start = (_waiting.Count == 0 || interleaves) && CanStart(call.Method);
            if (start)
            {
                Admit(call.Method);
            }
            else
            {
                _waiting.Enqueue(call);
            }
        }
        if (start)
        {
            Scheduler.Post(static s => ((PendingCall)s!).Start(), call);
        }
        return true;
    }

    // Under _lock.
    private bool CanStart(GrainMethod method)
    {
        if (_state != ActivationState.Valid)
        {
            return false;
        }
        if (_deactivation is not null && (method.Flags & GrainMethodFlags.AlwaysInterleave) == 0)
        {
            // Deactivation is pending: new calls wait and go to the grain's next activation.
            return false;
        }
        if (_running == 0 || GrainClass.IsReentrant || (method.Flags & GrainMethodFlags.AlwaysInterleave) != 0)
        {
            return true;
        }
        return (method.Flags & GrainMethodFlags.ReadOnly) != 0 && _runningReadOnly == _running;
    }

    // Under _lock.
    private void Admit(GrainMethod method)
    {
        _running++;
        if ((method.Flags & GrainMethodFlags.ReadOnly) != 0)
        {
            _runningReadOnly++;
        }
    }

    /// <summary>Releases a call's slot and starts whatever may run next.</summary>
    public void OnCallFinished(GrainMethod method, bool keepAlive = true)
    {
        List<PendingCall>? toStart = null;
        var deactivate = false;
        lock (_lock)
        {
            _running--;
            if ((method.Flags & GrainMethodFlags.ReadOnly) != 0)
            {
                _runningReadOnly--;
            }
            if (keepAlive)
            {
                _lastActive = Environment.TickCount64;
            }
            while (_waiting.Count > 0 && CanStart(_waiting.Peek().Method))
            {
                var next = _waiting.Dequeue();
                Admit(next.Method);
                (toStart ??= []).Add(next);
            }
            if (_running == 0 && _deactivation is not null && _state == ActivationState.Valid)
            {
                _state = ActivationState.Deactivating;
                deactivate = true;
            }
        }
        if (toStart is not null)
        {
            foreach (var call in toStart)
            {
                Scheduler.Post(static s => ((PendingCall)s!).Start(), call);
            }
        }
        if (deactivate)
        {
            Scheduler.Post(static s => _ = ((ActivationData)s!).DeactivateAsync(), this);
        }
    }
}
