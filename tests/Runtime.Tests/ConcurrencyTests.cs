using JobRuntime.Testing;
using JobRuntime.Tests.Grains;

namespace JobRuntime.Tests;

public sealed class ConcurrencyTests : IAsyncLifetime
{
    // Bounds waits for calls that must complete; a broken runtime fails here instead of hanging.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private TestCluster _cluster = null!;

    private IGrainFactory Grains => _cluster.GrainFactory;

    public async Task InitializeAsync() =>
        _cluster = await TestCluster.StartAsync(o => o.Configuration["JobRuntime:Messaging:ResponseTimeout"] = "00:00:01");

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_non_reentrant_grain_never_runs_two_calls_at_once()
    {
        var grain = Grains.GetGrain<ITurnProbeGrain>("one-at-a-time");

        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => grain.Hold($"call{i}", 10))).WaitAsync(Patience);

        Assert.Equal(1, await grain.MaxOverlap());
        var events = await grain.Events();
        Assert.Equal(20, events.Count);
        for (var i = 0; i < events.Count; i += 2)
        {
            Assert.Equal(events[i][..^1], events[i + 1][..^1]);
        }
    }

    [Fact]
    public async Task A_reentrant_grain_interleaves_calls_at_await_points()
    {
        var grain = Grains.GetGrain<ITurnReentrantProbeGrain>("interleaving");

        // Each call returns only once all five are inside the grain together.
        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => grain.EnterAndWaitForOthers(5))).WaitAsync(Patience);
    }

    [Fact]
    public async Task A_reentrant_grain_still_runs_one_stretch_of_its_code_at_a_time()
    {
        var grain = Grains.GetGrain<ITurnReentrantProbeGrain>("stretches");

        var collisions = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => grain.RunStretches(50))).WaitAsync(Patience);

        Assert.All(collisions, c => Assert.Equal(0, c));
    }

    [Fact]
    public async Task An_AlwaysInterleave_method_runs_while_a_call_of_a_non_reentrant_grain_waits()
    {
        var grain = Grains.GetGrain<ITurnProbeGrain>("always-interleave");
        var waiting = grain.WaitForGate();

        await grain.OpenGateInterleaved().WaitAsync(Patience);

        await waiting.WaitAsync(Patience);
    }

    [Fact]
    public async Task ReadOnly_methods_interleave_with_each_other()
    {
        var grain = Grains.GetGrain<ITurnProbeGrain>("read-only");
        var waiting = grain.WaitForGateReadOnly();

        await grain.OpenGateReadOnly().WaitAsync(Patience);

        await waiting.WaitAsync(Patience);
    }

    [Fact]
    public async Task A_plain_call_waits_for_a_running_ReadOnly_call_to_finish()
    {
        var grain = Grains.GetGrain<ITurnProbeGrain>("read-then-write");

        await Task.WhenAll(grain.HoldReadOnly("read", 50), grain.Hold("write", 0)).WaitAsync(Patience);

        Assert.Equal(["read+", "read-", "write+", "write-"], await grain.Events());
    }

    [Fact]
    public async Task A_ReadOnly_call_waits_for_a_running_plain_call_to_finish()
    {
        var grain = Grains.GetGrain<ITurnProbeGrain>("write-then-read");

        await Task.WhenAll(grain.Hold("write", 50), grain.HoldReadOnly("read", 0)).WaitAsync(Patience);

        Assert.Equal(["write+", "write-", "read+", "read-"], await grain.Events());
    }

    [Fact]
    public async Task A_OneWay_call_returns_before_the_grain_has_finished_it()
    {
        var grain = Grains.GetGrain<ITurnProbeGrain>("one-way");

        var sent = grain.RunUntilGateOpens();

        Assert.True(sent.IsCompletedSuccessfully);
        await grain.WhenOneWayStarted().WaitAsync(Patience);
        Assert.DoesNotContain("one-way finished", await grain.Events());
        await grain.OpenGateInterleaved();
        await grain.WhenOneWayFinished().WaitAsync(Patience);
    }

    [Fact]
    public async Task A_failing_OneWay_call_does_not_reach_the_caller_and_the_grain_keeps_serving()
    {
        var grain = Grains.GetGrain<ITurnProbeGrain>("one-way-failure");

        await grain.FailOneWay();

        await grain.Hold("after", 0).WaitAsync(Patience);
        Assert.Equal(["after+", "after-"], await grain.Events());
    }

    [Fact]
    public async Task A_call_cycle_between_non_reentrant_grains_times_out_naming_the_call_chain()
    {
        var a = Grains.GetGrain<ITurnCycleGrain>("a");
        var b = Grains.GetGrain<ITurnCycleGrain>("b");

        var error = await Assert.ThrowsAsync<TimeoutException>(() => a.Bounce(b, 2).WaitAsync(Patience));

        // The first caller's error names every link, down to the call that waits for the busy grain a.
        Assert.Matches(@"Call chain: turncycle/a \S+\.Bounce -> turncycle/b \S+\.Bounce -> turncycle/a \S+\.Bounce", error.Message);
        Assert.Contains("returns to turncycle/a, which is not reentrant", error.Message);
    }

    [Fact]
    public async Task A_timeout_while_a_called_grain_is_still_busy_names_the_chain_down_to_that_grain()
    {
        var caller = Grains.GetGrain<ITurnCycleGrain>("waits");
        var busy = Grains.GetGrain<ITurnCycleGrain>("busy");

        // The caller's response is due before the busy grain's: its own error must still name where the chain is stuck.
        var error = await Assert.ThrowsAsync<TimeoutException>(() => caller.CallSleeperLater(400, busy, 1_500).WaitAsync(Patience));

        Assert.StartsWith("Response from turncycle/waits", error.Message);
        Assert.Matches(@"Call chain: turncycle/waits \S+\.CallSleeperLater -> turncycle/busy \S+\.Sleep\.", error.Message);
    }

    [Fact]
    public async Task A_reentrant_grain_completes_the_same_call_cycle()
    {
        var a = Grains.GetGrain<ITurnReentrantCycleGrain>("a");
        var b = Grains.GetGrain<ITurnCycleGrain>("b-of-reentrant");

        var path = await a.Bounce(b, 2).WaitAsync(Patience);

        Assert.Equal("turnreentrantcycle/a <- turncycle/b-of-reentrant <- turnreentrantcycle/a", path);
    }

    [Fact]
    public async Task A_grain_sees_its_CancellationToken_cancelled_when_the_caller_cancels()
    {
        var grain = Grains.GetGrain<ITurnProbeGrain>("cancellation");
        using var cancellation = new CancellationTokenSource();
        var call = grain.WaitForCancellation(cancellation.Token);
        await grain.WhenWaitingForCancellation().WaitAsync(Patience);

        await cancellation.CancelAsync();

        Assert.Equal("cancelled", await call.WaitAsync(Patience));
    }
}
