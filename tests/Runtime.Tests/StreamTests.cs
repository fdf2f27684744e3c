using JobRuntime.Hosting;
using JobRuntime.Streams;
using JobRuntime.Testing;
using JobRuntime.Tests.Grains;
using JobRuntime.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace JobRuntime.Tests;

/// <summary>
/// Streams of both providers of the test cluster, "memory" and "durable" (SQLite): observer objects,
/// explicit grain subscriptions across deactivation and restart, implicit subscriptions, and the
/// durable provider's sequence tokens and retention.
/// </summary>
public sealed class StreamTests : IAsyncLifetime
{
    /// <summary>A third provider, durable, whose events are kept for a millisecond (set through configuration).</summary>
    private const string ShortRetention = "brief";

    private readonly StreamJournal _journal = new();
    private TestCluster _cluster = null!;

    public static TheoryData<string> Providers => new() { "memory", "durable" };

    public async Task InitializeAsync() =>
        _cluster = await TestCluster.StartAsync(o =>
        {
            o.Configuration[$"JobRuntime:Streams:{ShortRetention}:Retention"] = "00:00:00.001";
            o.ConfigureSilo = silo => silo.AddSqliteStreams(ShortRetention);
            o.ConfigureServices = services => services.AddSingleton(_journal);
        });

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private IAsyncStream<int> Stream(string provider, string key, string ns = "tests") =>
        _cluster.GetStreamProvider(provider).GetStream<int>(StreamId.Create(ns, key));

    private JournalObserver Observer(string consumer) => new(_journal, consumer, Guid.Empty);

    private IStreamListenerGrain Listener(string key) => _cluster.GrainFactory.GetGrain<IStreamListenerGrain>(key);

    /// <summary>Waits until <paramref name="consumer"/> has received <paramref name="count"/> items; returns all it received.</summary>
    private async Task<IReadOnlyList<int>> ItemsAsync(string consumer, int count)
    {
        await Poll.UntilAsync(() => _journal.Items(consumer).Count >= count, $"{count} items at {consumer}");
        return _journal.Items(consumer);
    }

    private static async Task PublishAsync(IAsyncStream<int> stream, params int[] items)
    {
        foreach (var item in items)
        {
            await stream.OnNextAsync(item);
        }
    }

    // Observer objects, outside grains.

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_observer_receives_the_items_in_the_order_they_were_published(string provider)
    {
        var stream = Stream(provider, "order");
        await stream.SubscribeAsync(Observer("a"));

        await PublishAsync(stream, [.. Enumerable.Range(1, 50)]);

        Assert.Equal(Enumerable.Range(1, 50), await ItemsAsync("a", 50));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_batch_arrives_in_order_between_the_items_published_around_it(string provider)
    {
        var stream = Stream(provider, "batch");
        await stream.SubscribeAsync(Observer("a"));

        await stream.OnNextAsync(1);
        await stream.OnNextBatchAsync([2, 3, 4]);
        await stream.OnNextAsync(5);

        Assert.Equal([1, 2, 3, 4, 5], await ItemsAsync("a", 5));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_error_and_the_completion_reach_the_observer_in_stream_order(string provider)
    {
        var stream = Stream(provider, "end");
        await stream.SubscribeAsync(Observer("a"));

        await stream.OnNextAsync(1);
        await stream.OnErrorAsync(new InvalidOperationException("boom"));
        await stream.OnNextAsync(2);
        await stream.OnCompletedAsync();

        await Poll.UntilAsync(() => _journal.Of("a").Count == 4, "four events");
        var events = _journal.Of("a");
        Assert.Equal(1, events[0].Item);
        Assert.Equal("System.InvalidOperationException: boom", events[1].Error);
        Assert.Equal(2, events[2].Item);
        Assert.True(events[3].Completed);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_subscription_gets_only_the_events_published_after_it(string provider)
    {
        var stream = Stream(provider, "late");
        await stream.OnNextAsync(1);

        await stream.SubscribeAsync(Observer("a"));
        await stream.OnNextAsync(2);

        Assert.Equal([2], await ItemsAsync("a", 1));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task After_UnsubscribeAsync_the_observer_receives_nothing_more(string provider)
    {
        var stream = Stream(provider, "unsubscribe");
        var handle = await stream.SubscribeAsync(Observer("a"));
        await stream.SubscribeAsync(Observer("witness"));
        await stream.OnNextAsync(1);
        await ItemsAsync("a", 1);

        await handle.UnsubscribeAsync();
        await stream.OnNextAsync(2);

        await ItemsAsync("witness", 2);
        Assert.Equal([1], _journal.Items("a"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GetAllSubscriptionHandles_outside_grains_lists_the_observer_subscriptions(string provider)
    {
        var stream = Stream(provider, "handles");
        var first = await stream.SubscribeAsync(Observer("a"));
        var second = await stream.SubscribeAsync(Observer("b"));
        Assert.Equal(new[] { first.HandleId, second.HandleId }.Order(), (await stream.GetAllSubscriptionHandles()).Select(h => h.HandleId).Order());

        await first.UnsubscribeAsync();

        Assert.Equal([second.HandleId], (await stream.GetAllSubscriptionHandles()).Select(h => h.HandleId));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ResumeAsync_with_another_observer_moves_the_subscription_to_it(string provider)
    {
        var stream = Stream(provider, "resume");
        var handle = await stream.SubscribeAsync(Observer("a"));
        await stream.OnNextAsync(1);
        await ItemsAsync("a", 1);

        await handle.ResumeAsync(Observer("b"));
        await stream.OnNextAsync(2);

        Assert.Equal([2], await ItemsAsync("b", 1));
        Assert.Equal([1], _journal.Items("a"));
    }

    [Fact]
    public void Streams_are_the_same_when_provider_namespace_and_key_are()
    {
        Assert.Equal(StreamId.Create("tests", "k"), new StreamId("tests", "k"));
        Assert.NotEqual(StreamId.Create("tests", "k"), StreamId.Create("other", "k"));
        Assert.Equal(Stream("durable", "k"), Stream("durable", "k"));
        Assert.NotEqual(Stream("durable", "k"), Stream("memory", "k"));
    }

    [Fact]
    public void A_stream_key_made_from_a_Guid_or_an_integer_is_written_like_a_grain_key_of_that_kind()
    {
        // So an implicit subscriber with a Guid or integer key is the grain whose key is the stream's.
        var guid = Guid.NewGuid();

        Assert.Equal(GrainId.FormatKey(guid), StreamId.Create("tests", guid).Key);
        Assert.Equal(GrainId.FormatKey(42L), StreamId.Create("tests", 42L).Key);
    }

    [Fact]
    public void Only_the_durable_provider_is_rewindable()
    {
        Assert.False(_cluster.GetStreamProvider("memory").IsRewindable);
        Assert.True(_cluster.GetStreamProvider("durable").IsRewindable);
    }

    [Fact]
    public void An_unknown_stream_provider_name_fails_with_an_error_naming_it()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => _cluster.GetStreamProvider("nonexistent"));

        Assert.Contains("'nonexistent'", error.Message);
    }

    // Durable sequence tokens.

    [Fact]
    public async Task Durable_events_carry_increasing_sequence_tokens()
    {
        var stream = Stream("durable", "tokens");
        await stream.SubscribeAsync(Observer("a"));

        await PublishAsync(stream, 1, 2, 3);

        await ItemsAsync("a", 3);
        var tokens = _journal.Of("a").Select(d => d.Token!).ToList();
        Assert.True(tokens[0].CompareTo(tokens[1]) < 0 && tokens[1].CompareTo(tokens[2]) < 0, string.Join(", ", tokens));
    }

    [Fact]
    public async Task Subscribing_from_a_token_delivers_every_later_event_once_in_order()
    {
        var stream = Stream("durable", "from-token");
        await stream.SubscribeAsync(Observer("first"));
        await PublishAsync(stream, 1, 2, 3, 4, 5);
        await ItemsAsync("first", 5);
        var lastHandled = _journal.Of("first")[1].Token; // the token of item 2

        await stream.SubscribeAsync(Observer("second"), lastHandled);
        await PublishAsync(stream, 6, 7, 8);

        Assert.Equal([3, 4, 5, 6, 7, 8], await ItemsAsync("second", 6));
    }

    [Fact]
    public async Task Subscribing_from_the_beginning_replays_the_stored_events()
    {
        var stream = Stream("durable", "replay");
        await PublishAsync(stream, 1, 2, 3);

        await stream.SubscribeAsync(Observer("a"), StreamSequenceToken.Beginning);

        Assert.Equal([1, 2, 3], await ItemsAsync("a", 3));
    }

    [Fact]
    public async Task Subscribing_from_a_token_kept_across_a_restart_continues_with_no_gap_and_no_duplicate()
    {
        var stream = Stream("durable", "restart-token");
        await stream.SubscribeAsync(Observer("before"));
        await PublishAsync(stream, 1, 2, 3, 4, 5);
        await ItemsAsync("before", 5);
        var lastHandled = _journal.Of("before")[2].Token; // the consumer handled 1..3, then the process went away

        await _cluster.RestartAsync();
        stream = Stream("durable", "restart-token");
        await stream.SubscribeAsync(Observer("after"), lastHandled);
        await PublishAsync(stream, 6, 7, 8);

        Assert.Equal([4, 5, 6, 7, 8], await ItemsAsync("after", 5));
    }

    // Explicit grain subscriptions.

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_grain_that_subscribed_in_a_method_receives_the_events(string provider)
    {
        var address = new StreamAddress(provider, "tests", "explicit");
        await Listener("a").Subscribe(address);

        await PublishAsync(Stream(provider, "explicit"), 1, 2, 3);

        Assert.Equal([1, 2, 3], await ItemsAsync("listener/a", 3));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_grain_resumes_its_subscription_after_deactivation_and_receives_later_events(string provider)
    {
        var address = new StreamAddress(provider, "tests", "reactivate");
        var listener = Listener("a");
        await listener.Subscribe(address);
        var stream = Stream(provider, "reactivate");
        await stream.OnNextAsync(1);
        await ItemsAsync("listener/a", 1);

        await listener.Deactivate();
        await PublishAsync(stream, 2, 3);

        Assert.Equal([1, 2, 3], await ItemsAsync("listener/a", 3));
        var deliveries = _journal.Of("listener/a");
        Assert.NotEqual(deliveries[0].Activation, deliveries[2].Activation);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_grain_subscription_survives_a_silo_restart(string provider)
    {
        var address = new StreamAddress(provider, "tests", "restart");
        await Listener("a").Subscribe(address);
        await Stream(provider, "restart").OnNextAsync(1);
        await ItemsAsync("listener/a", 1);

        await _cluster.RestartAsync();
        await PublishAsync(Stream(provider, "restart"), 2, 3);

        Assert.Equal([1, 2, 3], await ItemsAsync("listener/a", 3));
    }

    [Fact]
    public async Task Durable_events_the_grain_had_not_taken_when_the_silo_stopped_are_delivered_after_the_restart()
    {
        var address = new StreamAddress("durable", "tests", "backlog");
        var listener = Listener("a");
        await listener.Subscribe(address);
        // Deactivated and kept from resuming: the events wait in the store, undelivered.
        _journal.Pause("listener/a", true);
        await listener.Deactivate();
        await PublishAsync(Stream("durable", "backlog"), 1, 2, 3);
        Assert.Empty(_journal.Items("listener/a"));

        _journal.Pause("listener/a", false);
        await _cluster.RestartAsync();
        await Stream("durable", "backlog").OnNextAsync(4);

        Assert.Equal([1, 2, 3, 4], await ItemsAsync("listener/a", 4));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_grain_that_unsubscribed_receives_nothing_more(string provider)
    {
        var address = new StreamAddress(provider, "tests", "grain-unsubscribe");
        await Listener("a").Subscribe(address);
        await Listener("witness").Subscribe(address);
        var stream = Stream(provider, "grain-unsubscribe");
        await stream.OnNextAsync(1);
        await ItemsAsync("listener/a", 1);

        await Listener("a").Unsubscribe(address);
        await stream.OnNextAsync(2);

        await ItemsAsync("listener/witness", 2);
        Assert.Equal([1], _journal.Items("listener/a"));
        Assert.Equal(0, await Listener("a").CountHandles(address));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GetAllSubscriptionHandles_in_a_grain_lists_that_grains_subscriptions_to_the_stream(string provider)
    {
        var address = new StreamAddress(provider, "tests", "grain-handles");
        await Listener("a").Subscribe(address);
        await Listener("a").Subscribe(address);
        await Listener("a").Subscribe(address with { Key = "other" });
        await Listener("b").Subscribe(address);

        Assert.Equal(2, await Listener("a").CountHandles(address));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_grain_publishes_with_its_own_stream_provider(string provider)
    {
        await Stream(provider, "from-grain").SubscribeAsync(Observer("a"));

        await Listener("producer").Publish(new StreamAddress(provider, "tests", "from-grain"), 7);

        Assert.Equal([7], await ItemsAsync("a", 1));
    }

    // Implicit subscriptions.

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_implicitly_subscribed_grain_that_subscribes_in_OnActivateAsync_receives_its_streams_events(string provider)
    {
        await PublishAsync(Stream(provider, "k1", ImplicitAttachGrain.Namespace), 1, 2, 3);
        await PublishAsync(Stream(provider, "k2", ImplicitAttachGrain.Namespace), 10);

        Assert.Equal([1, 2, 3], await ItemsAsync("attach/k1", 3));
        Assert.Equal([10], await ItemsAsync("attach/k2", 1));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_implicitly_subscribed_IStreamSubscriptionObserver_grain_is_handed_its_subscription(string provider)
    {
        await PublishAsync(Stream(provider, "k", ImplicitAnnounceGrain.Namespace), 1, 2, 3);

        Assert.Equal([1, 2, 3], await ItemsAsync("announce/k", 3));
    }

    // Retention.

    [Fact]
    public async Task Durable_events_older_than_the_providers_retention_are_deleted_and_other_providers_keep_theirs()
    {
        var events = _cluster.Services.GetRequiredService<IStreamEventStore>();
        var id = StreamId.Create("tests", "retention");
        await PublishAsync(Stream(ShortRetention, "retention"), 1, 2, 3);
        await PublishAsync(Stream("durable", "retention"), 1, 2, 3);

        await Poll.UntilAsync(async () => (await events.ReadAsync(ShortRetention, id, 0, 100)).Count == 0, "retention to delete the events");

        Assert.Equal(3, (await events.ReadAsync("durable", id, 0, 100)).Count);
    }
}
