using JobRuntime.CodeGeneration;

namespace JobRuntime.Runtime;

/// <summary>A unit of work for an activation: a grain call or a timer tick, admitted by its method flags.</summary>
internal abstract class PendingCall(GrainMethod method, CallContext context)
{
    public GrainMethod Method { get; } = method;

    public CallContext Context { get; } = context;

    /// <summary>The activation that admitted (or queued) the call; changes when a call is forwarded.</summary>
    public ActivationData? Activation { get; set; }

    /// <summary>Runs the call on the activation's scheduler; the activation already counted it as running.</summary>
    public abstract void Start();

    /// <summary>Completes the call with an error without running it.</summary>
    public abstract void Fail(Exception error);
}

/// <summary>A grain method call, with the caller's completion (none for one-way calls).</summary>
internal sealed class RequestCall<T> : PendingCall, ITimedCall
{
    private readonly GrainRequest<T> _request;
    private readonly TaskCompletionSource<T>? _completion;
    private readonly SiloRuntime _runtime;
    private int _finished;

    public RequestCall(GrainRequest<T> request, CallContext context, SiloRuntime runtime, bool oneWay)
        : base(request.Method, context)
    {
        _request = request;
        _runtime = runtime;
        if (!oneWay)
        {
            // Asynchronous continuations: the caller must never run on the grain's scheduler thread.
            _completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            _runtime.Timeouts.Add(this);
        }
    }

    public Task<T> Task => _completion!.Task;

    public long Deadline { get; set; }

    public override void Start()
    {
        if (Volatile.Read(ref _finished) != 0)
        {
            // Timed out while queued: do not run it, but give back the slot.
            Activation!.OnCallFinished(Method);
            return;
        }
        var previous = CallContext.Current;
        CallContext.Current = Context;
        ValueTask<T> pending;
        try
        {
            using (_runtime.BeginGrainScope(Activation!))
            {
                pending = _request.InvokeAsync(Activation!.GrainInstance!);
            }
        }
        catch (Exception e)
        {
            pending = ValueTask.FromException<T>(e);
        }
        finally
        {
            CallContext.Current = previous;
        }
        Track(pending);
    }

    /// <summary>Finishes the call when <paramref name="pending"/> completes.</summary>
    public void Track(ValueTask<T> pending)
    {
        if (pending.IsCompleted)
        {
            Finish(pending);
            return;
        }
        var awaiter = pending.ConfigureAwait(false).GetAwaiter();
        awaiter.UnsafeOnCompleted(() => Finish(pending));
    }

    private void Finish(ValueTask<T> pending)
    {
        Activation!.OnCallFinished(Method);
        T result;
        try
        {
            result = pending.GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            Complete(null, e);
            return;
        }
        try
        {
            result = _runtime.Copier.Copy(result);
        }
        catch (GrainSerializationException e)
        {
            Complete(null, new GrainSerializationException($"The result of {Context.Target} {Method} cannot be copied: {e.Message}", e.InnerException));
            return;
        }
        Complete(result, null);
    }

    private void Complete(object? result, Exception? error)
    {
        if (Interlocked.Exchange(ref _finished, 1) != 0)
        {
            return;
        }
        if (_completion is null)
        {
            if (error is not null)
            {
                _runtime.LogOneWayFailure(Context, error);
            }
            return;
        }
        _runtime.Timeouts.Remove(this);
        if (error is null)
        {
            _completion.TrySetResult((T)result!);
        }
        else
        {
            _completion.TrySetException(error);
        }
    }

    public override void Fail(Exception error) => Complete(null, error);

    public void OnTimeout(TimeSpan timeout, CallContext stuckAt)
    {
        var message = $"Response from {Context.Target} to {Method} did not arrive within {timeout}. Call chain: {stuckAt.Describe()}.";
        if (stuckAt.IsCycle)
        {
            message += $" The chain returns to {stuckAt.Target}, which is not reentrant: a call cycle between non-reentrant grains can only time out. Mark a grain [Reentrant] or the method [AlwaysInterleave].";
        }
        Complete(null, new TimeoutException(message));
    }
}

/// <summary>A fire-and-forget call: nobody waits, failures are logged.</summary>
internal sealed class OneWayCall(GrainRequest request, CallContext context, SiloRuntime runtime) : PendingCall(request.Method, context)
{
    public override void Start() => _ = RunAsync();

    private async Task RunAsync()
    {
        CallContext.Current = Context;
        try
        {
            using (runtime.BeginGrainScope(Activation!))
            {
                await request.InvokeUntypedAsync(Activation!.GrainInstance!);
            }
        }
        catch (Exception e)
        {
            runtime.LogOneWayFailure(Context, e);
        }
        finally
        {
            Activation!.OnCallFinished(Method);
        }
    }

    public override void Fail(Exception error) => runtime.LogOneWayFailure(Context, error);
}
