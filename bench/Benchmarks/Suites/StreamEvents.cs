using System.Diagnostics;
using System.Threading.Channels;
using JobRuntime.Benchmarks.Grains;
using JobRuntime.Benchmarks.Hosting;
using JobRuntime.Benchmarks.Measurement;

namespace JobRuntime.Benchmarks.Suites;

/// <summary>
/// Benchmark 3: values on a memory stream from a producer grain awaiting each <c>OnNextAsync</c>,
/// to a subscriber grain or to a subscriber in the client; one int per event, or an int[] of
/// <see cref="BatchSize"/> per event (the jobs' batch size). The baseline is a bounded
/// <see cref="Channel{T}"/> hand-off of ints between two tasks.
/// </summary>
/// <remarks>
/// Memory streams have no backpressure (a queue holds 16,384 events, then <c>OnNextAsync</c>
/// throws), so the driver publishes in chunks and keeps a bounded number of events undelivered.
/// The clock stops when the subscriber has received every value.
/// </remarks>
internal sealed class StreamEvents(BenchCluster cluster, Runner runner, Report report)
{
    public const int BatchSize = 512;
    private const int QueueSize = 16_384;

    private long _nextStream = 1;

    public async Task RunAsync()
    {
        report.Header("3. Memory stream, producer grain -> subscriber (each `OnNextAsync` awaited)");
        var channel = await runner.MeasureAsync(ChannelRoundAsync);
        var channelWhat = $"Channel<int> bounded at {QueueSize:N0}, awaited WriteAsync per int, one reader task";

        var grainValues = await runner.MeasureAsync(d => ToGrainAsync(d, batches: false));
        report.Rate("one int per event -> subscriber grain (explicit subscription) in the same silo", grainValues, "events/s", channelWhat, channel);
        var clientValues = await runner.MeasureAsync(d => ToClientAsync(d, batches: false));
        report.Rate("one int per event -> subscriber in the Orleans client (over the gateway)", clientValues, "events/s", "Channel<int>, as above", channel);

        var grainBatches = await runner.MeasureAsync(d => ToGrainAsync(d, batches: true));
        report.Rate($"int[{BatchSize}] per event -> subscriber grain, ints/s", grainBatches, "ints/s", "Channel<int>, as above", channel);
        var clientBatches = await runner.MeasureAsync(d => ToClientAsync(d, batches: true));
        report.Rate($"int[{BatchSize}] per event -> subscriber in the Orleans client, ints/s", clientBatches, "ints/s", "Channel<int>, as above", channel);
    }

    private async Task<RoundResult> ToGrainAsync(TimeSpan duration, bool batches)
    {
        var key = _nextStream++;
        var subscriber = cluster.SiloGrains.GetGrain<ISubscriberGrain>(key);
        await subscriber.Subscribe(key, batches);
        return await PublishAsync(cluster.SiloGrains.GetGrain<IProducerGrain>(key), key, batches, duration, subscriber.WaitFor);
    }

    private async Task<RoundResult> ToClientAsync(TimeSpan duration, bool batches)
    {
        var key = _nextStream++;
        var provider = cluster.Client.GetStreamProvider(BenchStreams.Provider);
        var producer = cluster.Client.GetGrain<IProducerGrain>(key);
        if (batches)
        {
            var observer = new CountingObserver<int[]>(b => b.Length);
            var handle = await provider.GetStream<int[]>(BenchStreams.Batches(key)).SubscribeAsync(observer);
            var result = await PublishAsync(producer, key, batches, duration, observer.WaitFor);
            await handle.UnsubscribeAsync();
            return result;
        }
        else
        {
            var observer = new CountingObserver<int>(_ => 1);
            var handle = await provider.GetStream<int>(BenchStreams.Values(key)).SubscribeAsync(observer);
            var result = await PublishAsync(producer, key, batches, duration, observer.WaitFor);
            await handle.UnsubscribeAsync();
            return result;
        }
    }

    /// <summary>
    /// Publishes chunks until <paramref name="duration"/> has passed, each time waiting until at
    /// most a window of events is undelivered (single ints: 2,000 per chunk, 8,000 in the window;
    /// batches: 128 and 1,024 events), then waits for the last value. The window must stay well
    /// above what the pulling agent delivers between two polls (every 100 ms by default), or the
    /// figure measures the poll period instead of the delivery.
    /// </summary>
    private static async Task<RoundResult> PublishAsync(IProducerGrain producer, long key, bool batches, TimeSpan duration, Func<long, Task> waitFor)
    {
        var (chunkEvents, windowEvents, valuesPerEvent) = batches ? (128, 1_024, BatchSize) : (2_000, 8_000, 1);
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long events = 0;
        do
        {
            if (batches)
            {
                await producer.ProduceBatches(key, chunkEvents, BatchSize);
            }
            else
            {
                await producer.Produce(key, (int)events, chunkEvents);
            }
            events += chunkEvents;
            await waitFor((events - windowEvents) * valuesPerEvent);
        }
        while (Stopwatch.GetTimestamp() < end);
        await waitFor(events * valuesPerEvent);
        return new RoundResult(events * valuesPerEvent, Stopwatch.GetElapsedTime(start));
    }

    private static async Task<RoundResult> ChannelRoundAsync(TimeSpan duration)
    {
        var channel = Channel.CreateBounded<int>(new BoundedChannelOptions(QueueSize) { SingleReader = true, SingleWriter = true });
        var reader = Task.Run(async () =>
        {
            long received = 0;
            while (await channel.Reader.WaitToReadAsync())
            {
                while (channel.Reader.TryRead(out _))
                {
                    received++;
                }
            }
            return received;
        });
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var i = 0;
        do
        {
            for (var k = 0; k < 1_000; k++)
            {
                await channel.Writer.WriteAsync(i++);
            }
        }
        while (Stopwatch.GetTimestamp() < end);
        channel.Writer.Complete();
        var count = await reader;
        return new RoundResult(count, Stopwatch.GetElapsedTime(start));
    }
}
