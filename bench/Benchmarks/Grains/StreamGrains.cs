using Orleans.Concurrency;

namespace JobRuntime.Benchmarks.Grains;

/// <summary>Names shared by the stream benchmarks.</summary>
public static class BenchStreams
{
    /// <summary>The memory stream provider, named as the silo names it.</summary>
    public const string Provider = "memory";

    /// <summary>The SQLite stream provider of the durable suite (src/Silo adds the same provider for jobs, as "jobs").</summary>
    public const string Durable = "durable";

    /// <summary>Streams of <see cref="int"/>, one value per event.</summary>
    public static StreamId Values(long key) => StreamId.Create("bench-values", key);

    /// <summary>Streams of <see cref="T:int[]"/>, a batch of values per event.</summary>
    public static StreamId Batches(long key) => StreamId.Create("bench-batches", key);
}

/// <summary>Publishes on a memory stream, awaiting each <c>OnNextAsync</c>.</summary>
public interface IProducerGrain : IGrainWithIntegerKey
{
    /// <summary>Publishes <paramref name="count"/> ints, one event each.</summary>
    Task Produce(long streamKey, int first, int count);

    /// <summary>Publishes <paramref name="count"/> events, each an array of <paramref name="batchSize"/> ints.</summary>
    Task ProduceBatches(long streamKey, int count, int batchSize);
}

public sealed class ProducerGrain : Grain, IProducerGrain
{
    public async Task Produce(long streamKey, int first, int count)
    {
        var stream = this.GetStreamProvider(BenchStreams.Provider).GetStream<int>(BenchStreams.Values(streamKey));
        for (var i = first; i < first + count; i++)
        {
            await stream.OnNextAsync(i);
        }
    }

    public async Task ProduceBatches(long streamKey, int count, int batchSize)
    {
        var stream = this.GetStreamProvider(BenchStreams.Provider).GetStream<int[]>(BenchStreams.Batches(streamKey));
        for (var i = 0; i < count; i++)
        {
            var batch = new int[batchSize];
            for (var k = 0; k < batchSize; k++)
            {
                batch[k] = i * batchSize + k;
            }
            await stream.OnNextAsync(batch);
        }
    }
}

/// <summary>Subscribes to a memory stream from grain code and counts the values that arrive.</summary>
public interface ISubscriberGrain : IGrainWithIntegerKey
{
    /// <summary>Subscribes to the stream of single values, or of batches, with this key.</summary>
    Task Subscribe(long streamKey, bool batches);

    /// <summary>Completes once <paramref name="count"/> values have arrived in all.</summary>
    [AlwaysInterleave]
    Task WaitFor(long count);
}

public sealed class SubscriberGrain : Grain, ISubscriberGrain
{
    private readonly CountingObserver<int> _values = new(_ => 1);
    private readonly CountingObserver<int[]> _batches = new(b => b.Length);
    private bool _countBatches;

    public async Task Subscribe(long streamKey, bool batches)
    {
        var provider = this.GetStreamProvider(BenchStreams.Provider);
        _countBatches = batches;
        if (batches)
        {
            await provider.GetStream<int[]>(BenchStreams.Batches(streamKey)).SubscribeAsync(_batches);
        }
        else
        {
            await provider.GetStream<int>(BenchStreams.Values(streamKey)).SubscribeAsync(_values);
        }
    }

    public Task WaitFor(long count) => _countBatches ? _batches.WaitFor(count) : _values.WaitFor(count);
}
