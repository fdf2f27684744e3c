using System.Collections.Concurrent;
using JobRuntime.Testing;
using JobRuntime.Tests.Grains;
using JobRuntime.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace JobRuntime.Tests;

/// <summary>Plain objects called back by grains through CreateObjectReference, and ObserverManager's expiry and failure rules.</summary>
public sealed class ObserverTests : IAsyncLifetime
{
    private readonly WatchClock _clock = new();
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await TestCluster.StartAsync(o => o.ConfigureServices = services => services.AddSingleton(_clock));

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private IGrainFactory Factory => _cluster.GrainFactory;

    private IWatchObserver Reference(IWatchObserver target) => Factory.CreateObjectReference<IWatchObserver>(target);

    [Fact]
    public async Task A_grain_calls_a_plain_object_through_its_reference_and_gets_the_answer()
    {
        var holder = Factory.GetGrain<IWatchHolderGrain>("a");
        await holder.Hold(Reference(new Recorder("alice")));

        Assert.Equal("alice: ready?", await holder.AskHeld("ready?"));
    }

    [Fact]
    public async Task A_one_way_call_from_a_grain_reaches_the_object()
    {
        var recorder = new Recorder("alice");
        var holder = Factory.GetGrain<IWatchHolderGrain>("a");
        await holder.Hold(Reference(recorder));

        await holder.TellHeld("hello");

        await Poll.UntilAsync(() => recorder.Told.Contains("hello"), "the one-way message");
    }

    [Fact]
    public async Task A_reference_kept_in_grain_state_reaches_the_object_after_the_grain_is_reactivated()
    {
        var holder = Factory.GetGrain<IWatchHolderGrain>("a");
        await holder.Hold(Reference(new Recorder("alice")));

        await holder.Deactivate();

        Assert.Equal("alice: still there?", await holder.AskHeld("still there?"));
    }

    [Fact]
    public async Task After_DeleteObjectReference_a_grains_call_fails_with_ObserverNotFoundException()
    {
        var reference = Reference(new Recorder("alice"));
        var holder = Factory.GetGrain<IWatchHolderGrain>("a");
        await holder.Hold(reference);

        Factory.DeleteObjectReference<IWatchObserver>(reference);

        await Assert.ThrowsAsync<ObserverNotFoundException>(() => holder.AskHeld("anyone?"));
    }

    [Fact]
    public async Task ObserverManager_notifies_every_subscriber()
    {
        var hub = Factory.GetGrain<IWatchHubGrain>("a");
        await hub.Subscribe(Reference(new Recorder("alice")));
        await hub.Subscribe(Reference(new Recorder("bob")));

        Assert.Equal(["alice: news?", "bob: news?"], await hub.AskAll("news?"));
    }

    [Fact]
    public async Task ObserverManager_sends_one_way_notifications_to_every_subscriber()
    {
        var alice = new Recorder("alice");
        var bob = new Recorder("bob");
        var hub = Factory.GetGrain<IWatchHubGrain>("a");
        await hub.Subscribe(Reference(alice));
        await hub.Subscribe(Reference(bob));

        await hub.TellAll("news");

        await Poll.UntilAsync(() => alice.Told.Contains("news") && bob.Told.Contains("news"), "both notifications");
    }

    [Fact]
    public async Task An_unsubscribed_observer_is_not_notified()
    {
        var alice = Reference(new Recorder("alice"));
        var hub = Factory.GetGrain<IWatchHubGrain>("a");
        await hub.Subscribe(alice);
        await hub.Subscribe(Reference(new Recorder("bob")));

        await hub.Unsubscribe(alice);

        Assert.Equal(["bob: news?"], await hub.AskAll("news?"));
    }

    [Fact]
    public async Task A_subscription_not_renewed_within_the_expiration_is_dropped()
    {
        var hub = Factory.GetGrain<IWatchHubGrain>("a");
        await hub.Subscribe(Reference(new Recorder("alice")));

        _clock.Advance(WatchHubGrain.Expiration + TimeSpan.FromSeconds(1));

        Assert.Empty(await hub.AskAll("news?"));
        Assert.Equal(0, await hub.Count());
    }

    [Fact]
    public async Task Subscribing_again_renews_a_subscription()
    {
        var alice = Reference(new Recorder("alice"));
        var hub = Factory.GetGrain<IWatchHubGrain>("a");
        await hub.Subscribe(alice);
        await hub.Subscribe(Reference(new Recorder("bob")));
        _clock.Advance(WatchHubGrain.Expiration * 0.7);

        await hub.Subscribe(alice);
        _clock.Advance(WatchHubGrain.Expiration * 0.7);

        Assert.Equal(["alice: news?"], await hub.AskAll("news?"));
    }

    [Fact]
    public async Task An_observer_whose_call_throws_is_dropped()
    {
        var hub = Factory.GetGrain<IWatchHubGrain>("a");
        await hub.Subscribe(Reference(new Recorder("alice")));
        await hub.Subscribe(Reference(new Failing()));

        Assert.Equal(["alice: news?"], await hub.AskAll("news?"));

        Assert.Equal(1, await hub.Count());
    }

    [Fact]
    public async Task A_deleted_observer_is_dropped_by_the_next_notification()
    {
        var bob = Reference(new Recorder("bob"));
        var hub = Factory.GetGrain<IWatchHubGrain>("a");
        await hub.Subscribe(Reference(new Recorder("alice")));
        await hub.Subscribe(bob);

        Factory.DeleteObjectReference<IWatchObserver>(bob);

        Assert.Equal(["alice: news?"], await hub.AskAll("news?"));
        Assert.Equal(1, await hub.Count());
    }

    [Fact]
    public async Task A_deleted_observer_is_dropped_by_the_next_one_way_notification()
    {
        var alice = new Recorder("alice");
        var bob = Reference(new Recorder("bob"));
        var hub = Factory.GetGrain<IWatchHubGrain>("a");
        await hub.Subscribe(Reference(alice));
        await hub.Subscribe(bob);

        Factory.DeleteObjectReference<IWatchObserver>(bob);
        await hub.TellAll("news");

        Assert.Equal(1, await hub.Count());
        await Poll.UntilAsync(() => alice.Told.Contains("news"), "the live observer's notification");
    }

    private sealed class Recorder(string name) : IWatchObserver
    {
        public ConcurrentQueue<string> Told { get; } = new();

        public Task<string> Ask(string question) => Task.FromResult($"{name}: {question}");

        public void Tell(string message) => Told.Enqueue(message);
    }

    private sealed class Failing : IWatchObserver
    {
        public Task<string> Ask(string question) => throw new InvalidOperationException("This observer always fails.");

        public void Tell(string message) => throw new InvalidOperationException("This observer always fails.");
    }
}
