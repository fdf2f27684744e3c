using JobRuntime.Testing;
using JobRuntime.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace JobRuntime.Tests;

public sealed class LifecycleTests
{
    // Waits for things that happen after a call returned; generous so a slow machine never fails them.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly LifeJournal _journal = new();

    private Task<TestCluster> StartAsync(Action<TestClusterOptions>? configure = null) =>
        TestCluster.StartAsync(options =>
        {
            options.ConfigureServices = services => services.AddSingleton(_journal);
            configure?.Invoke(options);
        });

    private static void CollectQuickly(TestClusterOptions options, string collectionAge)
    {
        options.Configuration["JobRuntime:Collection:CollectionAge"] = collectionAge;
        options.Configuration["JobRuntime:Collection:CollectionQuantum"] = "00:00:00.050";
    }

    [Fact]
    public async Task OnActivateAsync_runs_before_the_first_call()
    {
        await using var cluster = await StartAsync();

        Assert.True(await cluster.GrainFactory.GetGrain<ILifeGrain>("first").WasActivated());
    }

    [Fact]
    public async Task OnActivateAsync_runs_once_for_many_calls_to_one_activation()
    {
        await using var cluster = await StartAsync();
        var grain = cluster.GrainFactory.GetGrain<ILifeGrain>("once");

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => grain.ActivationId()));
        await grain.ActivationId();

        Assert.Equal(1, _journal.Count("activate once"));
    }

    [Fact]
    public async Task DeactivateOnIdle_runs_OnDeactivateAsync_with_the_application_requested_reason()
    {
        await using var cluster = await StartAsync();

        await cluster.GrainFactory.GetGrain<ILifeGrain>("asked").DeactivateWhenIdle();

        await _journal.WaitFor("deactivate asked ApplicationRequested").WaitAsync(Patience);
    }

    [Fact]
    public async Task After_DeactivateOnIdle_the_next_call_runs_on_a_new_activation()
    {
        await using var cluster = await StartAsync();
        var grain = cluster.GrainFactory.GetGrain<ILifeGrain>("renewed");
        var before = await grain.ActivationId();

        await grain.DeactivateWhenIdle();
        await _journal.WaitFor("deactivate renewed ApplicationRequested").WaitAsync(Patience);

        Assert.NotEqual(before, await grain.ActivationId());
        Assert.Equal(2, _journal.Count("activate renewed"));
    }

    [Fact]
    public async Task A_call_racing_a_deactivation_waits_for_OnDeactivateAsync_and_runs_on_the_next_activation()
    {
        await using var cluster = await StartAsync();
        var grain = cluster.GrainFactory.GetGrain<ILifeGrain>("racing");
        var before = await grain.ActivationId();

        await grain.DeactivateWhenIdle();
        var after = await grain.ActivationId();

        Assert.NotEqual(before, after);
        Assert.Equal(["activate racing", "deactivate racing ApplicationRequested", "activate racing"], _journal.Events);
    }

    [Fact]
    public async Task An_idle_grain_is_collected_after_the_configured_collection_age()
    {
        await using var cluster = await StartAsync(o => CollectQuickly(o, "00:00:00.300"));

        await cluster.GrainFactory.GetGrain<ILifeGrain>("idle").ActivationId();

        await _journal.WaitFor("deactivate idle ActivationIdle").WaitAsync(Patience);
    }

    [Fact]
    public async Task A_collected_grain_is_activated_again_by_its_next_call()
    {
        await using var cluster = await StartAsync(o => CollectQuickly(o, "00:00:00.300"));
        var grain = cluster.GrainFactory.GetGrain<ILifeGrain>("collected");
        var before = await grain.ActivationId();
        await _journal.WaitFor("deactivate collected ActivationIdle").WaitAsync(Patience);

        var after = await grain.ActivationId();

        Assert.NotEqual(before, after);
        Assert.Equal(2, _journal.Count("activate collected"));
    }

    [Fact]
    public async Task A_grain_is_not_collected_while_a_call_runs_longer_than_the_collection_age()
    {
        await using var cluster = await StartAsync(o => CollectQuickly(o, "00:00:00.200"));

        var deactivatedDuringCall = await cluster.GrainFactory.GetGrain<ILifeGrain>("busy").Hold(800);

        Assert.False(deactivatedDuringCall);
    }

    [Fact]
    public async Task An_activation_whose_OnDeactivateAsync_throws_is_still_replaced_by_the_next_call()
    {
        await using var cluster = await StartAsync();
        var grain = cluster.GrainFactory.GetGrain<ILifeFailingDeactivationGrain>("failing");
        var before = await grain.ActivationId();

        await grain.DeactivateWhenIdle();
        await _journal.WaitFor("deactivate failing ApplicationRequested").WaitAsync(Patience);

        Assert.NotEqual(before, await grain.ActivationId());
    }

    [Fact]
    public async Task CollectionAgeLimit_on_a_grain_class_overrides_the_silos_collection_age()
    {
        await using var cluster = await StartAsync(o => CollectQuickly(o, "01:00:00"));
        var longLived = cluster.GrainFactory.GetGrain<ILifeGrain>("long");
        var longLivedActivation = await longLived.ActivationId();

        await cluster.GrainFactory.GetGrain<ILifeShortLivedGrain>("short").ActivationId();
        await _journal.WaitFor("deactivate short ActivationIdle").WaitAsync(Patience);

        Assert.Equal(longLivedActivation, await longLived.ActivationId());
        Assert.Equal(1, _journal.Count("activate long"));
    }

    [Fact]
    public async Task DelayDeactivation_keeps_an_idle_grain_from_collection()
    {
        await using var cluster = await StartAsync(o => CollectQuickly(o, "00:00:00.300"));
        var kept = cluster.GrainFactory.GetGrain<ILifeGrain>("kept");
        var keptActivation = await kept.ActivationId();
        await kept.KeepAliveFor(TimeSpan.FromHours(1));

        // The control grain became idle after the kept one: the sweep that collects it found the kept one idle too.
        await cluster.GrainFactory.GetGrain<ILifeGrain>("control").ActivationId();
        await _journal.WaitFor("deactivate control ActivationIdle").WaitAsync(Patience);

        Assert.Equal(keptActivation, await kept.ActivationId());
        Assert.Equal(0, _journal.Count("deactivate kept ActivationIdle"));
    }

    [Fact]
    public async Task A_grain_gets_a_service_registered_by_the_application_through_its_constructor()
    {
        await using var cluster = await StartAsync(o =>
            o.ConfigureServices += services => services.AddSingleton<ILifeGreeting>(new LifeGreeting("Hello")));

        Assert.Equal("Hello, ada", await cluster.GrainFactory.GetGrain<ILifeGreeterGrain>("ada").Greet());
    }

    [Fact]
    public async Task A_grain_gets_the_grain_factory_through_its_constructor()
    {
        await using var cluster = await StartAsync(o =>
            o.ConfigureServices += services => services.AddSingleton<ILifeGreeting>(new LifeGreeting("Hi")));
        var relayed = cluster.GrainFactory.GetGrain<ILifeGrain>("relayed");

        var throughFactory = await cluster.GrainFactory.GetGrain<ILifeGreeterGrain>("asker").AskRelay("relayed");

        Assert.Equal(await relayed.ActivationId(), throughFactory);
    }
}
