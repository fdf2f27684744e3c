using Orleans.Concurrency;

namespace JobRuntime.Benchmarks.Grains;

/// <summary>
/// The event of the durable suite: a small record. The SQLite provider stores each event as JSON
/// (System.Text.Json, Web options); memory streams carry it with the Orleans serializer.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("JobRuntime.Benchmarks.BenchEvent")]
public sealed record BenchEvent([property: Id(0)] int Value);

/// <summary>Names of the streams of <see cref="BenchEvent"/>.</summary>
public static class BenchEventStreams
{
    /// <summary>The stream of events with this key (on either provider).</summary>
    public static StreamId Events(long key) => StreamId.Create("bench-events", key);
}

/// <summary>Publishes <see cref="BenchEvent"/>s on the stream provider it is given.</summary>
public interface IEventProducerGrain : IGrainWithIntegerKey
{
    /// <summary>Publishes events <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> - 1, awaiting each <c>OnNextAsync</c>.</summary>
    Task Produce(string provider, long streamKey, int first, int count);

    /// <summary>
    /// Publishes events <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> - 1
    /// with <c>OnNextBatchAsync</c>, <paramref name="batchSize"/> events per call, awaiting each call.
    /// </summary>
    Task ProduceBatches(string provider, long streamKey, int first, int count, int batchSize);
}

public sealed class EventProducerGrain : Grain, IEventProducerGrain
{
    public async Task Produce(string provider, long streamKey, int first, int count)
    {
        var stream = this.GetStreamProvider(provider).GetStream<BenchEvent>(BenchEventStreams.Events(streamKey));
        for (var i = first; i < first + count; i++)
        {
            await stream.OnNextAsync(new BenchEvent(i));
        }
    }

    public async Task ProduceBatches(string provider, long streamKey, int first, int count, int batchSize)
    {
        var stream = this.GetStreamProvider(provider).GetStream<BenchEvent>(BenchEventStreams.Events(streamKey));
        for (var start = first; start < first + count; start += batchSize)
        {
            var size = Math.Min(batchSize, first + count - start);
            var batch = new BenchEvent[size];
            for (var k = 0; k < size; k++)
            {
                batch[k] = new BenchEvent(start + k);
            }
            await stream.OnNextBatchAsync(batch);
        }
    }
}

/// <summary>Subscribes to a stream of <see cref="BenchEvent"/>s from grain code and counts the events.</summary>
public interface IEventSubscriberGrain : IGrainWithIntegerKey
{
    /// <summary>Subscribes (explicitly, from the stream's end) to the stream with this key.</summary>
    Task Subscribe(string provider, long streamKey);

    /// <summary>Completes once <paramref name="count"/> events have arrived in all.</summary>
    [AlwaysInterleave]
    Task WaitFor(long count);
}

public sealed class EventSubscriberGrain : Grain, IEventSubscriberGrain
{
    private readonly CountingObserver<BenchEvent> _events = new(_ => 1);

    public async Task Subscribe(string provider, long streamKey) =>
        await this.GetStreamProvider(provider).GetStream<BenchEvent>(BenchEventStreams.Events(streamKey)).SubscribeAsync(_events);

    public Task WaitFor(long count) => _events.WaitFor(count);
}
