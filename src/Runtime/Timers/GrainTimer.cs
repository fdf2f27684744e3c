using JobRuntime.CodeGeneration;

namespace JobRuntime.Runtime;

/// <summary>A grain timer: each tick is queued to the activation as a turn, like a call.</summary>
internal abstract class GrainTimer : IGrainTimer
{
    public abstract void Change(TimeSpan dueTime, TimeSpan period);

    public abstract void Dispose();
}

internal sealed class GrainTimer<TState> : GrainTimer
{
    private static readonly GrainMethod TickMethod = new(typeof(IGrainTimer), "Tick", -1, GrainMethodFlags.None, []);
    private static readonly GrainMethod InterleavedTickMethod = new(typeof(IGrainTimer), "Tick", -1, GrainMethodFlags.AlwaysInterleave, []);

    private readonly ActivationData _activation;
    private readonly Func<TState, CancellationToken, Task> _callback;
    private readonly TState _state;
    private readonly bool _keepAlive;
    private readonly GrainMethod _method;
    private readonly ITimer _timer;
    private readonly CancellationTokenSource _disposed = new();
    private TimeSpan _dueTime;
    private TimeSpan _period;

    public GrainTimer(ActivationData activation, TimeProvider time, Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
    {
        _activation = activation;
        _callback = callback;
        _state = state;
        _keepAlive = options.KeepAlive;
        _method = options.Interleave ? InterleavedTickMethod : TickMethod;
        _dueTime = options.DueTime;
        _period = options.Period;
        _timer = time.CreateTimer(static s => ((GrainTimer<TState>)s!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public void Start() => _timer.Change(_dueTime, Timeout.InfiniteTimeSpan);

    public override void Change(TimeSpan dueTime, TimeSpan period)
    {
        _dueTime = dueTime;
        _period = period;
        _timer.Change(dueTime, Timeout.InfiniteTimeSpan);
    }

    private void Fire()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }
        var tick = new Tick(this, _method, new CallContext(_activation.GrainId, _method, null));
        if (!_activation.TryEnqueue(tick))
        {
            Dispose();
        }
    }

    // After a tick's callback completes, the next one is due a period later.
    private void Rearm()
    {
        if (!_disposed.IsCancellationRequested && _period != Timeout.InfiniteTimeSpan)
        {
            _timer.Change(_period, Timeout.InfiniteTimeSpan);
        }
    }

    public override void Dispose()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }
        _disposed.Cancel();
        _timer.Dispose();
        _activation.RemoveTimer(this);
    }

    private sealed class Tick(GrainTimer<TState> timer, GrainMethod method, CallContext context) : PendingCall(method, context)
    {
        public override void Start() => _ = RunAsync();

        private async Task RunAsync()
        {
            try
            {
                if (!timer._disposed.IsCancellationRequested)
                {
                    await timer._callback(timer._state, timer._disposed.Token);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !timer._disposed.IsCancellationRequested)
            {
                timer._activation.LogTimerFailed(e);
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                Activation!.OnCallFinished(Method, timer._keepAlive);
                timer.Rearm();
            }
        }

        public override void Fail(Exception error)
        {
        }
    }
}
