using JobRuntime.Testing;
using JobRuntime.Tests.Grains;
using JobRuntime.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace JobRuntime.Tests;

/// <summary>RegisterGrainTimer: ticks are turns of the grain and end with the timer or the activation.</summary>
public sealed class TimerTests : IAsyncLifetime
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(10);

    // Long enough for dozens of periods: a timer that still ran would tick in it.
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    private readonly TickJournal _journal = new();
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await TestCluster.StartAsync(o => o.ConfigureServices = services => services.AddSingleton(_journal));

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private ITickGrain Grain(string key) => _cluster.GrainFactory.GetGrain<ITickGrain>(key);

    [Fact]
    public async Task A_timer_ticks_every_period()
    {
        await Grain("a").Start(TimeSpan.Zero, Period, TimeSpan.Zero);

        await Poll.UntilAsync(() => _journal.Ticks("a") >= 5, "five ticks");
    }

    [Fact]
    public async Task A_tick_never_runs_while_a_call_of_the_grain_runs()
    {
        var grain = Grain("a");
        // Ticks that take a while, due all the time, and calls that take a while: only turns keep them apart.
        await grain.Start(TimeSpan.Zero, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(15));

        for (var round = 0; round < 10; round++)
        {
            await Task.WhenAll(grain.Work(TimeSpan.FromMilliseconds(20)), grain.Work(TimeSpan.FromMilliseconds(20)));
        }
        await Poll.UntilAsync(() => _journal.Ticks("a") >= 10, "ten ticks");

        Assert.Equal(0, _journal.Overlaps("a"));
    }

    [Fact]
    public async Task Disposing_the_timer_stops_its_ticks()
    {
        var grain = Grain("a");
        await grain.Start(TimeSpan.Zero, Period, TimeSpan.Zero);
        await Poll.UntilAsync(() => _journal.Ticks("a") >= 2, "two ticks");

        var ticksWhenStopped = await grain.Stop();
        await Task.Delay(Quiet);

        Assert.Equal(ticksWhenStopped, _journal.Ticks("a"));
    }

    [Fact]
    public async Task Ticks_stop_when_the_grain_deactivates()
    {
        var grain = Grain("a");
        await grain.Start(TimeSpan.Zero, Period, TimeSpan.Zero);
        await Poll.UntilAsync(() => _journal.Ticks("a") >= 2, "two ticks");

        await grain.Deactivate();
        await Poll.UntilAsync(() => _journal.Deactivations("a") == 1, "the deactivation");
        var ticksWhenDeactivated = _journal.Ticks("a");
        await Task.Delay(Quiet);

        Assert.Equal(ticksWhenDeactivated, _journal.Ticks("a"));
    }

    [Fact]
    public async Task A_timer_with_an_infinite_period_ticks_once()
    {
        await Grain("a").Start(Period, Timeout.InfiniteTimeSpan, TimeSpan.Zero);
        await Poll.UntilAsync(() => _journal.Ticks("a") == 1, "the tick");

        await Task.Delay(Quiet);

        Assert.Equal(1, _journal.Ticks("a"));
    }

    [Fact]
    public async Task A_tick_that_throws_does_not_stop_the_timer()
    {
        await Grain("a").StartFailing(Period);

        await Poll.UntilAsync(() => _journal.Ticks("a") >= 3, "three failing ticks");
    }

    [Fact]
    public async Task A_failing_tick_does_not_fail_the_grains_calls()
    {
        var grain = Grain("a");
        await grain.StartFailing(Period);
        await Poll.UntilAsync(() => _journal.Ticks("a") >= 1, "a failing tick");

        await grain.Work(TimeSpan.Zero);

        Assert.Equal(0, _journal.Deactivations("a"));
    }
}
