using System.Diagnostics;
using JobRuntime.Benchmarks.Grains;
using JobRuntime.Benchmarks.Hosting;
using JobRuntime.Benchmarks.Measurement;
using Orleans.Providers.Streams.Common;

namespace JobRuntime.Benchmarks.Suites;

/// <summary>
/// Benchmark 4: the SQLite stream provider (<see cref="BenchStreams.Durable"/>), which stores each
/// event before <c>OnNextAsync</c> returns, against the memory stream provider in the same shape
/// in the same run. A round moves a fixed number of <see cref="BenchEvent"/>s (<c>--events</c>)
/// and times them end to end: from the first produce to the last event counted by the subscriber.
/// </summary>
/// <remarks>
/// The producer grain is driven in chunks, and the driver waits until at most a window of events
/// is undelivered before it sends the next chunk: memory streams throw once 16,384 containers are
/// queued. Single events: chunks of 2,000 in a window of 8,000, as the memory-stream suite does.
/// Batches: chunks of 10,000 events in a window of 100,000, so that the producer never waits for
/// the memory provider's 100 ms poll. The SQLite log has no such limit, but goes through the same
/// driver so that both providers are measured in the same shape.
/// </remarks>
internal sealed class DurableStreams(BenchCluster cluster, Runner runner, Report report, int events)
{
    public const int BatchSize = 100;

    private long _nextStream = 1_000_000;
    private int _replayRounds;
    private long _lastWritten;

    public async Task RunAsync()
    {
        report.Header($"4. Durable SQLite streams against memory streams, {events:N0} events of a small record per round, end to end");

        var memoryOne = await runner.MeasureAsync(_ => ToGrainAsync(BenchStreams.Provider, batchSize: 1));
        var durableOne = await runner.MeasureAsync(_ => ToGrainAsync(BenchStreams.Durable, batchSize: 1));
        report.Rate("producer grain awaiting `OnNextAsync` per event -> subscriber grain", durableOne, "events/s",
            "memory stream, same shape", memoryOne, baselineRange: true);

        var memoryBatches = await runner.MeasureAsync(_ => ToGrainAsync(BenchStreams.Provider, BatchSize));
        var durableBatches = await runner.MeasureAsync(_ => ToGrainAsync(BenchStreams.Durable, BatchSize));
        report.Rate($"producer grain awaiting `OnNextBatchAsync` of {BatchSize} -> subscriber grain", durableBatches, "events/s",
            "memory stream, same shape", memoryBatches, baselineRange: true);

        var memoryClient = await runner.MeasureAsync(_ => ToClientAsync(BenchStreams.Provider));
        var durableClient = await runner.MeasureAsync(_ => ToClientAsync(BenchStreams.Durable));
        report.Rate($"producer grain awaiting `OnNextBatchAsync` of {BatchSize} -> subscriber in the Orleans client (over the gateway)", durableClient, "events/s",
            "memory stream, same shape", memoryClient, baselineRange: true);

        // Not baselines: how fast the producer appends with no subscriber, the ceiling of the rows above.
        var appendOne = await runner.MeasureAsync(_ => AppendOnlyAsync(batchSize: 1));
        report.Rate("(append only, no subscriber) producer grain awaiting `OnNextAsync` per event", appendOne, "events/s",
            "none: a ceiling for the first row, not a baseline", null);
        var appendBatches = await runner.MeasureAsync(_ => AppendOnlyAsync(BatchSize));
        report.Rate($"(append only, no subscriber) producer grain awaiting `OnNextBatchAsync` of {BatchSize}", appendBatches, "events/s",
            "none: a ceiling for the second and third rows, not a baseline", null);

        var written = _lastWritten;
        var replay = await runner.MeasureAsync(_ => ReplayAsync(written));
        report.Rate($"replay: a new subscriber in the Orleans client from `EventSequenceTokenV2(1)` of a stream of {events:N0} written events", replay, "events/s",
            "none possible: memory streams are not rewindable", null);
    }

    private async Task<RoundResult> ToGrainAsync(string provider, int batchSize)
    {
        var key = _nextStream++;
        var subscriber = cluster.SiloGrains.GetGrain<IEventSubscriberGrain>(key);
        await subscriber.Subscribe(provider, key);
        return await PublishAsync(provider, key, batchSize, subscriber.WaitFor);
    }

    private async Task<RoundResult> ToClientAsync(string provider)
    {
        var key = _nextStream++;
        var observer = new CountingObserver<BenchEvent>(_ => 1);
        var handle = await cluster.Client.GetStreamProvider(provider).GetStream<BenchEvent>(BenchEventStreams.Events(key)).SubscribeAsync(observer);
        var result = await PublishAsync(provider, key, BatchSize, observer.WaitFor);
        await handle.UnsubscribeAsync();
        return result;
    }

    /// <summary>Publishes the round's events in chunks within a window (see the class remarks), then waits for the last.</summary>
    private async Task<RoundResult> PublishAsync(string provider, long key, int batchSize, Func<long, Task> waitFor)
    {
        var producer = cluster.SiloGrains.GetGrain<IEventProducerGrain>(key);
        var (chunk, window) = batchSize == 1 ? (2_000, 8_000) : (10_000, 100_000);
        var start = Stopwatch.GetTimestamp();
        var sent = 0;
        while (sent < events)
        {
            var count = Math.Min(chunk, events - sent);
            if (batchSize == 1)
            {
                await producer.Produce(provider, key, sent, count);
            }
            else
            {
                await producer.ProduceBatches(provider, key, sent, count, batchSize);
            }
            sent += count;
            await waitFor(sent - window);
        }
        await waitFor(events);
        return new RoundResult(events, Stopwatch.GetElapsedTime(start));
    }

    /// <summary>
    /// Appends the round's events to a new durable stream that has no subscriber, in one call to the
    /// producer grain. The last stream written in batches is the one the replay rounds read.
    /// </summary>
    private async Task<RoundResult> AppendOnlyAsync(int batchSize)
    {
        var key = _nextStream++;
        var producer = cluster.SiloGrains.GetGrain<IEventProducerGrain>(key);
        var start = Stopwatch.GetTimestamp();
        if (batchSize == 1)
        {
            await producer.Produce(BenchStreams.Durable, key, 0, events);
        }
        else
        {
            await producer.ProduceBatches(BenchStreams.Durable, key, 0, events, batchSize);
            _lastWritten = key;
        }
        return new RoundResult(events, Stopwatch.GetElapsedTime(start));
    }

    /// <summary>
    /// A new client subscription from the log's first position, timed until it has counted the
    /// stream's first <c>events</c> events. The pulling agent starts a subscription on a quiet stream
    /// only when the stream gets a new event, so each round appends one event after subscribing
    /// (inside the timing); the stream grows by one event per round.
    /// </summary>
    private async Task<RoundResult> ReplayAsync(long key)
    {
        var observer = new CountingObserver<BenchEvent>(_ => 1);
        var stream = cluster.Client.GetStreamProvider(BenchStreams.Durable).GetStream<BenchEvent>(BenchEventStreams.Events(key));
        var producer = cluster.SiloGrains.GetGrain<IEventProducerGrain>(key);
        var start = Stopwatch.GetTimestamp();
        var handle = await stream.SubscribeAsync(observer, new EventSequenceTokenV2(1));
        await producer.Produce(BenchStreams.Durable, key, events + _replayRounds++, 1);
        await observer.WaitFor(events);
        var elapsed = Stopwatch.GetElapsedTime(start);
        await handle.UnsubscribeAsync();
        return new RoundResult(events, elapsed);
    }
}
