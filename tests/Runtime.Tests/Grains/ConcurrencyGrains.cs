using JobRuntime.Concurrency;

namespace JobRuntime.Tests.Grains;

/// <summary>
/// Calls that record when they start ("name+") and end ("name-") and how many ran at once, and a
/// gate that calls can wait on and open; the attributes decide which calls may interleave.
/// </summary>
public interface ITurnProbe : IGrainWithStringKey
{
    Task Hold(string name, int milliseconds);

    [ReadOnly]
    Task HoldReadOnly(string name, int milliseconds);

    [AlwaysInterleave]
    Task HoldInterleaved(string name, int milliseconds);

    [AlwaysInterleave]
    Task<List<string>> Events();

    [AlwaysInterleave]
    Task<int> MaxOverlap();

    Task WaitForGate();

    [ReadOnly]
    Task WaitForGateReadOnly();

    Task OpenGate();

    [ReadOnly]
    Task OpenGateReadOnly();

    [AlwaysInterleave]
    Task OpenGateInterleaved();

    /// <summary>Returns once <paramref name="expected"/> calls of this method are inside the grain at the same time.</summary>
    Task EnterAndWaitForOthers(int expected);

    /// <summary>Runs <paramref name="rounds"/> synchronous stretches separated by awaits; returns how many found another stretch running.</summary>
    Task<int> RunStretches(int rounds);

    [OneWay]
    Task RunUntilGateOpens();

    [AlwaysInterleave]
    Task WhenOneWayStarted();

    [AlwaysInterleave]
    Task WhenOneWayFinished();

    [OneWay]
    Task FailOneWay();

    Task<string> WaitForCancellation(CancellationToken cancellationToken);

    [AlwaysInterleave]
    Task WhenWaitingForCancellation();
}

public interface ITurnProbeGrain : ITurnProbe;

public interface ITurnReentrantProbeGrain : ITurnProbe;

public abstract class TurnProbeBase : Grain
{
    private readonly List<string> _events = [];
    private readonly TaskCompletionSource _oneWayStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _oneWayFinished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _waitingForCancellation = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inside;
    private int _maxOverlap;
    private int _entered;
    private bool _inStretch;

    public Task Hold(string name, int milliseconds) => HoldCore(name, milliseconds);

    public Task HoldReadOnly(string name, int milliseconds) => HoldCore(name, milliseconds);

    public Task HoldInterleaved(string name, int milliseconds) => HoldCore(name, milliseconds);

    private async Task HoldCore(string name, int milliseconds)
    {
        _events.Add(name + "+");
        _maxOverlap = Math.Max(_maxOverlap, ++_inside);
        await Task.Delay(milliseconds);
        _inside--;
        _events.Add(name + "-");
    }

    public Task<List<string>> Events() => Task.FromResult(_events);

    public Task<int> MaxOverlap() => Task.FromResult(_maxOverlap);

    public Task WaitForGate() => _gate.Task;

    public Task WaitForGateReadOnly() => _gate.Task;

    public Task OpenGate() => Open();

    public Task OpenGateReadOnly() => Open();

    public Task OpenGateInterleaved() => Open();

    private Task Open()
    {
        _gate.TrySetResult();
        return Task.CompletedTask;
    }

    public async Task EnterAndWaitForOthers(int expected)
    {
        if (++_entered == expected)
        {
            _gate.TrySetResult();
        }
        await _gate.Task;
    }

    public async Task<int> RunStretches(int rounds)
    {
        var collisions = 0;
        for (var i = 0; i < rounds; i++)
        {
            if (_inStretch)
            {
                collisions++;
            }
            _inStretch = true;
            Thread.SpinWait(2_000);
            _inStretch = false;
            await Task.Yield();
        }
        return collisions;
    }

    public async Task RunUntilGateOpens()
    {
        _oneWayStarted.TrySetResult();
        await _gate.Task;
        _events.Add("one-way finished");
        _oneWayFinished.TrySetResult();
    }

    public Task WhenOneWayStarted() => _oneWayStarted.Task;

    public Task WhenOneWayFinished() => _oneWayFinished.Task;

    public Task FailOneWay() => throw new InvalidOperationException("Nobody is waiting for this.");

    public async Task<string> WaitForCancellation(CancellationToken cancellationToken)
    {
        _waitingForCancellation.TrySetResult();
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return "not cancelled";
        }
        catch (OperationCanceledException)
        {
            return "cancelled";
        }
    }

    public Task WhenWaitingForCancellation() => _waitingForCancellation.Task;
}

/// <summary>Non-reentrant: one call at a time unless a method's attribute says otherwise.</summary>
public sealed class TurnProbeGrain : TurnProbeBase, ITurnProbeGrain;

[Reentrant]
public sealed class TurnReentrantProbeGrain : TurnProbeBase, ITurnReentrantProbeGrain;

/// <summary>Calls bounce between two grains: A.Bounce(B, 2) calls B.Bounce(A, 1), which calls A.Bounce(B, 0).</summary>
public interface ITurnBouncer : IGrainWithStringKey
{
    Task<string> Bounce(ITurnBouncer other, int hops);

    /// <summary>Waits <paramref name="delayMilliseconds"/>, then calls <paramref name="other"/>'s <see cref="Sleep"/>.</summary>
    Task CallSleeperLater(int delayMilliseconds, ITurnBouncer other, int sleepMilliseconds);

    Task Sleep(int milliseconds);
}

public interface ITurnCycleGrain : ITurnBouncer;

public interface ITurnReentrantCycleGrain : ITurnBouncer;

public abstract class TurnBouncerBase : Grain
{
    public async Task<string> Bounce(ITurnBouncer other, int hops) =>
        hops == 0
            ? GrainId.ToString()
            : GrainId + " <- " + await other.Bounce(GrainContext.AsReference<ITurnBouncer>(), hops - 1);

    public async Task CallSleeperLater(int delayMilliseconds, ITurnBouncer other, int sleepMilliseconds)
    {
        await Task.Delay(delayMilliseconds);
        await other.Sleep(sleepMilliseconds);
    }

    public Task Sleep(int milliseconds) => Task.Delay(milliseconds);
}

public sealed class TurnCycleGrain : TurnBouncerBase, ITurnCycleGrain;

[Reentrant]
public sealed class TurnReentrantCycleGrain : TurnBouncerBase, ITurnReentrantCycleGrain;
