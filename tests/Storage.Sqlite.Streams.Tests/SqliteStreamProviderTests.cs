using System.Diagnostics;
using JobRuntime.Client.Streams;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;
using Xunit.Abstractions;

namespace JobRuntime.Sqlite.Streams.Tests;

public sealed class SqliteStreamProviderTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Events_appended_to_the_log_by_the_store_reach_a_client_subscriber_once_each_in_order()
    {
        await using var cluster = await StreamTestCluster.StartAsync();
        var stream = StreamTestCluster.StreamOf("appended");
        var received = new Received();
        await cluster.Client.GetStreamProvider(StreamTestCluster.Provider).GetStream<TestEvent>(stream).SubscribeAsync(received.OnNextAsync);

        var sequences = await cluster.AppendAsync(stream, 0, 1_000, batch: 37);
        await received.WaitForAsync(1_000);

        Assert.Equal(Enumerable.Range(0, 1_000), received.Numbers());
        Assert.Equal(sequences, received.Snapshot().Select(e => e.Sequence));
    }

    [Fact]
    public async Task A_grain_producer_reaches_a_grain_subscriber_and_a_client_subscriber()
    {
        await using var cluster = await StreamTestCluster.StartAsync();
        var subscriber = cluster.Client.GetGrain<IStreamSubscriberGrain>("subscriber");
        await subscriber.SubscribeAsync("produced");
        var received = new Received();
        await cluster.Client.GetStreamProvider(StreamTestCluster.Provider)
            .GetStream<TestEvent>(StreamTestCluster.StreamOf("produced"))
            .SubscribeAsync(received.OnNextAsync);

        await cluster.Client.GetGrain<IStreamProducerGrain>("produced").ProduceAsync(0, 500);

        await received.WaitForAsync(500);
        Assert.Equal(Enumerable.Range(0, 500), received.Numbers());
        await Eventually.WaitUntilAsync(async () => (await subscriber.GetNumbersAsync()).Count >= 500, TimeSpan.FromSeconds(30), () => "the grain subscriber got 500 events");
        Assert.Equal(Enumerable.Range(0, 500), await subscriber.GetNumbersAsync());
    }

    [Fact]
    public async Task A_subscriber_with_a_token_gets_every_event_from_that_position_once_including_older_ones()
    {
        await using var cluster = await StreamTestCluster.StartAsync();
        var stream = StreamTestCluster.StreamOf("rewound");
        var sequences = await cluster.AppendAsync(stream, 0, 300);
        // Another stream's events interleave in the log: the token is a global seq.
        await cluster.AppendAsync(StreamTestCluster.StreamOf("other"), 0, 50);
        sequences.AddRange(await cluster.AppendAsync(stream, 300, 100));

        var received = new Received();
        await cluster.Client.GetStreamProvider(StreamTestCluster.Provider)
            .GetStream<TestEvent>(stream)
            .SubscribeAsync(received.OnNextAsync, new EventSequenceTokenV2(sequences[120]));
        sequences.AddRange(await cluster.AppendAsync(stream, 400, 1));

        await received.WaitForAsync(401 - 120);
        Assert.Equal(Enumerable.Range(120, 401 - 120), received.Numbers());
        Assert.Equal(sequences.Skip(120), received.Snapshot().Select(e => e.Sequence));
    }

    [Fact]
    public async Task After_a_silo_restart_a_client_that_resumes_after_its_last_position_sees_no_gap_and_no_duplicate()
    {
        await using var cluster = await StreamTestCluster.StartAsync();
        var stream = StreamTestCluster.StreamOf("restarted");
        var before = new Received();
        await cluster.Client.GetStreamProvider(StreamTestCluster.Provider).GetStream<TestEvent>(stream).SubscribeAsync(before.OnNextAsync);
        await cluster.AppendAsync(stream, 0, 100);
        await before.WaitForAsync(100);
        var lastSeen = before.Snapshot()[^1].Sequence;

        await cluster.Cluster.RestartSiloAsync(cluster.Cluster.Silos[0]);
        await cluster.Cluster.StopClusterClientAsync();
        await cluster.Cluster.InitializeClientAsync();
        // Written while nobody is subscribed.
        await cluster.AppendAsync(stream, 100, 150);

        var after = new Received();
        await cluster.Client.GetStreamProvider(StreamTestCluster.Provider)
            .GetStream<TestEvent>(stream)
            .SubscribeAsync(after.OnNextAsync, new EventSequenceTokenV2(lastSeen + 1));
        await cluster.AppendAsync(stream, 250, 50);

        await after.WaitForAsync(200);
        Assert.Equal(Enumerable.Range(100, 200), after.Numbers());
        Assert.Equal(Enumerable.Range(0, 100), before.Numbers());
    }

    [Fact]
    public async Task A_subscriber_the_agent_forgets_while_its_stream_is_quiet_resumes_without_duplicates()
    {
        // The agent drops a quiet stream's subscribers and handshakes with them again on its next
        // event: each subscriber then names the last event it was delivered.
        await using var cluster = await StreamTestCluster.StartAsync(streamInactivity: TimeSpan.FromSeconds(1));
        var stream = StreamTestCluster.StreamOf("quiet");
        var received = new Received();
        await cluster.Client.GetStreamProvider(StreamTestCluster.Provider).GetStream<TestEvent>(stream).SubscribeAsync(received.OnNextAsync);
        await cluster.AppendAsync(stream, 0, 300, batch: 300);
        await received.WaitForAsync(300);

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        await cluster.AppendAsync(stream, 300, 10);

        await received.WaitForAsync(310);
        Assert.Equal(Enumerable.Range(0, 310), received.Numbers());
    }

    [Fact]
    public async Task Events_written_while_no_silo_runs_reach_a_subscriber_at_its_position_without_a_newer_event()
    {
        await using var cluster = await StreamTestCluster.StartAsync();
        var stream = StreamTestCluster.StreamOf("offline");
        var written = await cluster.AppendAsync(stream, 0, 10);

        await cluster.Cluster.StopSiloAsync(cluster.Cluster.Silos[0]);
        await cluster.AppendOutsideAsync(stream, 10, 50);
        await cluster.Cluster.StartAdditionalSiloAsync();
        await cluster.Cluster.StopClusterClientAsync();
        await cluster.Cluster.InitializeClientAsync();

        var received = new Received();
        await cluster.Client.GetStreamProvider(StreamTestCluster.Provider)
            .GetStream<TestEvent>(stream)
            .SubscribeAsync(received.OnNextAsync, new EventSequenceTokenV2(written[^1] + 1));

        await received.WaitForAsync(50);
        Assert.Equal(Enumerable.Range(10, 50), received.Numbers());
    }

    [Fact]
    public async Task A_subscriber_from_a_seq_not_issued_yet_gets_every_event_from_there_once()
    {
        await using var cluster = await StreamTestCluster.StartAsync();
        var stream = StreamTestCluster.StreamOf("future");
        var provider = cluster.Client.GetStreamProvider(StreamTestCluster.Provider);
        // Once the first subscriber has events, the agent knows the stream and handshakes with the
        // next subscriber as soon as it subscribes, at a position with no event yet.
        var first = new Received();
        await provider.GetStream<TestEvent>(stream).SubscribeAsync(first.OnNextAsync);
        var written = await cluster.AppendAsync(stream, 0, 10);
        await first.WaitForAsync(10);

        var received = new Received();
        await provider.GetStream<TestEvent>(stream).SubscribeAsync(received.OnNextAsync, new EventSequenceTokenV2(written[^1] + 1));
        await Task.Delay(500);
        // The event at the subscriber's position, read alone, then more.
        await cluster.AppendAsync(stream, 10, 1);
        await received.WaitForAsync(1, TimeSpan.FromSeconds(10));
        await cluster.AppendAsync(stream, 11, 29);

        await received.WaitForAsync(30);
        Assert.Equal(Enumerable.Range(10, 30), received.Numbers());
    }

    [Fact]
    public async Task Streams_spread_over_several_queues_each_reach_their_subscriber_in_order()
    {
        await using var cluster = await StreamTestCluster.StartAsync(configure: o => o.QueueCount = 4);
        var provider = cluster.Client.GetStreamProvider(StreamTestCluster.Provider);
        var streams = Enumerable.Range(0, 8).Select(i => StreamTestCluster.StreamOf($"queue-{i}")).ToList();
        var received = new List<Received>();
        foreach (var stream in streams)
        {
            var subscriber = new Received();
            await provider.GetStream<TestEvent>(stream).SubscribeAsync(subscriber.OnNextAsync);
            received.Add(subscriber);
        }

        for (var round = 0; round < 5; round++)
        {
            foreach (var stream in streams)
            {
                await cluster.AppendAsync(stream, round * 20, 20);
            }
        }

        foreach (var subscriber in received)
        {
            await subscriber.WaitForAsync(100);
            Assert.Equal(Enumerable.Range(0, 100), subscriber.Numbers());
        }
    }

    [Fact]
    public async Task A_client_cannot_produce_and_is_told_which_provider_refused()
    {
        await using var cluster = await StreamTestCluster.StartAsync();
        var stream = cluster.Client.GetStreamProvider(StreamTestCluster.Provider).GetStream<TestEvent>(StreamTestCluster.StreamOf("client"));

        var error = await Assert.ThrowsAsync<StreamProviderReadOnlyException>(() => stream.OnNextAsync(new TestEvent(1, "no")));

        Assert.Equal(StreamTestCluster.Provider, error.ProviderName);
        Assert.Contains("'jobs'", error.Message);
    }

    [Fact]
    public async Task Many_events_appended_in_batches_reach_one_client_subscriber()
    {
        // JOBRUNTIME_STREAM_TEST_EVENTS=1000000 for the 1,000,000-event figure.
        var count = int.TryParse(Environment.GetEnvironmentVariable("JOBRUNTIME_STREAM_TEST_EVENTS"), out var n) ? n : 100_000;
        await using var cluster = await StreamTestCluster.StartAsync();
        var stream = StreamTestCluster.StreamOf("many");
        var received = new Received();
        await cluster.Client.GetStreamProvider(StreamTestCluster.Provider).GetStream<TestEvent>(stream).SubscribeAsync(received.OnNextAsync);

        var clock = Stopwatch.StartNew();
        await cluster.AppendAsync(stream, 0, count, batch: 1_000);
        var appended = clock.Elapsed;
        await Eventually.WaitUntilAsync(() => received.Count >= count, TimeSpan.FromMinutes(5), () => $"{received.Count} of {count} events arrived");
        var elapsed = clock.Elapsed;
        output.WriteLine($"{count:N0} events: appended in {appended.TotalSeconds:F2} s, all received after {elapsed.TotalSeconds:F2} s: {count / elapsed.TotalSeconds:N0} events/s end to end");

        await Task.Delay(300);
        var numbers = received.Numbers();
        Assert.Equal(count, numbers.Count);
        Assert.True(numbers.SequenceEqual(Enumerable.Range(0, count)), "the events arrived once each, in order");

        // The same events again, read back from the log by a subscriber that starts at the first:
        // delivery alone, without the appends.
        var replayed = new Received();
        clock.Restart();
        await cluster.Client.GetStreamProvider(StreamTestCluster.Provider)
            .GetStream<TestEvent>(stream)
            .SubscribeAsync(replayed.OnNextAsync, new EventSequenceTokenV2(received.Snapshot()[0].Sequence));
        await Eventually.WaitUntilAsync(() => replayed.Count >= count, TimeSpan.FromMinutes(5), () => $"{replayed.Count} of {count} events replayed");
        elapsed = clock.Elapsed;
        output.WriteLine($"{count:N0} events replayed from the log to a new subscriber in {elapsed.TotalSeconds:F2} s: {count / elapsed.TotalSeconds:N0} events/s");
        await Task.Delay(300);
        Assert.True(replayed.Numbers().SequenceEqual(Enumerable.Range(0, count)), "the replayed events arrived once each, in order");
    }
}
