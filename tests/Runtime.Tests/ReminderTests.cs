using JobRuntime.Testing;
using JobRuntime.Tests.Grains;
using JobRuntime.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace JobRuntime.Tests;

/// <summary>Durable reminders: they fire, list and unregister, and outlive activations and the silo process.</summary>
public sealed class ReminderTests : IAsyncLifetime
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(200);

    private readonly ReminderJournal _journal = new();
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await TestCluster.StartAsync(o =>
        {
            o.Configuration["JobRuntime:Reminders:MinimumReminderPeriod"] = Period.ToString();
            o.ConfigureServices = services => services.AddSingleton(_journal);
        });

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private IRemindProbeGrain Grain(string key) => _cluster.GrainFactory.GetGrain<IRemindProbeGrain>(key);

    [Fact]
    public async Task A_reminder_fires_once_for_each_period_with_its_tick_status()
    {
        await Grain("a").Register("r", TimeSpan.Zero, Period);

        await Poll.UntilAsync(() => _journal.Ticks("a", "r").Count >= 4, "four ticks");

        var ticks = _journal.Ticks("a", "r");
        var dueTimes = ticks.Select(t => t.Status.CurrentTickTime).ToList();
        Assert.Equal(dueTimes.Distinct().Order(), dueTimes);
        Assert.All(ticks, t => Assert.Equal(Period, t.Status.Period));
        Assert.All(ticks, t => Assert.Equal(0, (t.Status.CurrentTickTime - t.Status.FirstTickTime).Ticks % Period.Ticks));
    }

    [Fact]
    public async Task GetReminder_finds_a_reminder_by_name_and_returns_null_for_an_unknown_one()
    {
        var grain = Grain("a");
        await grain.Register("known", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));

        Assert.Equal("known", await grain.Find("known"));
        Assert.Null(await grain.Find("unknown"));
    }

    [Fact]
    public async Task GetReminders_lists_the_grains_reminders_and_no_other_grains()
    {
        await Grain("a").Register("first", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        await Grain("a").Register("second", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        await Grain("b").Register("other", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));

        Assert.Equal(["first", "second"], await Grain("a").List());
    }

    [Fact]
    public async Task Registering_under_a_name_already_used_replaces_the_reminder()
    {
        var grain = Grain("a");
        await grain.Register("r", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));

        await grain.Register("r", TimeSpan.Zero, Period);

        Assert.Equal(["r"], await grain.List());
        await Poll.UntilAsync(() => _journal.Ticks("a", "r").Count >= 1, "a tick on the new schedule");
    }

    [Fact]
    public async Task An_unregistered_reminder_is_no_longer_listed_and_stops_firing()
    {
        var grain = Grain("a");
        await grain.Register("r", TimeSpan.Zero, Period);
        await Poll.UntilAsync(() => _journal.Ticks("a", "r").Count >= 1, "a tick");

        await grain.Unregister("r");
        var ticksWhenUnregistered = _journal.Ticks("a", "r").Count;
        await Task.Delay(5 * Period);

        Assert.Empty(await grain.List());
        // A tick already on its way may still arrive; a reminder still registered would add about five.
        Assert.InRange(_journal.Ticks("a", "r").Count, ticksWhenUnregistered, ticksWhenUnregistered + 1);
    }

    [Fact]
    public async Task A_reminder_activates_its_grain_again_after_deactivation()
    {
        var grain = Grain("a");
        await grain.Register("r", TimeSpan.Zero, Period);
        await Poll.UntilAsync(() => _journal.Ticks("a", "r").Count >= 1, "a tick");
        var firstActivation = _journal.Ticks("a", "r")[0].Activation;

        await grain.Deactivate();

        await Poll.UntilAsync(() => _journal.Ticks("a", "r").Any(t => t.Activation != firstActivation), "a tick received by a new activation");
    }

    [Fact]
    public async Task A_reminder_survives_a_silo_restart_and_activates_its_grain()
    {
        await Grain("a").Register("r", Period, Period);
        await Poll.UntilAsync(() => _journal.Ticks("a", "r").Count >= 1, "a tick");

        var oldActivations = _journal.Ticks("a", "r").Select(t => t.Activation).ToHashSet();

        await _cluster.RestartAsync();
        // Nothing calls the grain after the restart: only the stored reminder can activate it.
        var ticksAtRestart = _journal.Ticks("a", "r").Count;
        await Poll.UntilAsync(() => _journal.Ticks("a", "r").Count > ticksAtRestart, "a tick in the restarted silo");

        Assert.DoesNotContain(_journal.Ticks("a", "r")[^1].Activation, oldActivations);
    }

    [Fact]
    public async Task Reminders_are_listed_after_a_silo_restart()
    {
        await Grain("a").Register("first", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        await Grain("a").Register("second", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));

        await _cluster.RestartAsync();

        Assert.Equal(["first", "second"], await Grain("a").List());
    }

    [Fact]
    public async Task An_unregistered_reminder_does_not_come_back_after_a_silo_restart()
    {
        await Grain("a").Register("r", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        await Grain("a").Unregister("r");

        await _cluster.RestartAsync();

        Assert.Empty(await Grain("a").List());
    }

    [Fact]
    public async Task A_grain_that_is_not_IRemindable_cannot_register_a_reminder()
    {
        var grain = _cluster.GrainFactory.GetGrain<IUnremindableGrain>("a");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Register("r"));

        Assert.Contains(grain.GetGrainId().ToString(), error.Message);
        Assert.Contains(nameof(Timers.IRemindable), error.Message);
        Assert.Empty(await Grain("a").List());
    }

    [Fact]
    public async Task A_period_below_the_minimum_is_refused_with_an_error_naming_the_minimum()
    {
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Grain("a").Register("r", TimeSpan.Zero, Period / 2));

        Assert.Contains("MinimumReminderPeriod", error.Message);
        Assert.Contains(Period.ToString(), error.Message);
    }
}
