// A load driver for the client gateway: each figure is measured over loopback through the
// client, and the same operation inside the silo is measured in the same run as the baseline.
// dotnet run -c Release --project bench/WireLoad
using System.Diagnostics;
using JobRuntime;
using JobRuntime.Client;
using JobRuntime.Streams;
using JobRuntime.Testing;
using JobRuntime.WireLoad;

var seconds = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5;
await using var cluster = await TestCluster.StartAsync();
await using var client = new ClusterClient(new ClientOptions { Gateway = cluster.GatewayAddress });
await client.ConnectAsync();

Console.WriteLine($"| operation | over the wire | in silo (baseline) | ratio |");
Console.WriteLine($"| --- | --- | --- | --- |");

var wireLatency = await MedianLatencyAsync(client, 20_000);
var siloLatency = await MedianLatencyAsync(cluster.GrainFactory, 20_000);
Console.WriteLine($"| single caller, median round trip | {wireLatency.TotalMicroseconds:F1} us | {siloLatency.TotalMicroseconds:F2} us | {wireLatency / siloLatency:F0}x |");

var wireRate = await CallsPerSecondAsync(client, 64, seconds);
var siloRate = await CallsPerSecondAsync(cluster.GrainFactory, 64, seconds);
Console.WriteLine($"| 64 concurrent callers, calls/s | {wireRate:N0} | {siloRate:N0} | {siloRate / wireRate:F1}x |");

var wireEvents = await StreamEventsPerSecondAsync(cluster, client.GetStreamProvider("memory"), 200_000);
var siloEvents = await StreamEventsPerSecondAsync(cluster, cluster.GetStreamProvider("memory"), 200_000);
Console.WriteLine($"| memory stream events delivered, events/s | {wireEvents:N0} | {siloEvents:N0} | {siloEvents / wireEvents:F1}x |");

static async Task<TimeSpan> MedianLatencyAsync(IGrainFactory grains, int calls)
{
    var ping = grains.GetGrain<IPingGrain>("latency");
    for (var i = 0; i < 2_000; i++)
    {
        await ping.Ping();
    }
    var samples = new long[calls];
    for (var i = 0; i < calls; i++)
    {
        var start = Stopwatch.GetTimestamp();
        await ping.Ping();
        samples[i] = Stopwatch.GetTimestamp() - start;
    }
    Array.Sort(samples);
    return Stopwatch.GetElapsedTime(0, samples[calls / 2]);
}

static async Task<double> CallsPerSecondAsync(IGrainFactory grains, int callers, double seconds)
{
    var pings = Enumerable.Range(0, callers).Select(i => grains.GetGrain<IPingGrain>($"rate-{i}")).ToArray();
    await Task.WhenAll(pings.Select(p => p.Ping()));
    var stop = Stopwatch.StartNew();
    var until = TimeSpan.FromSeconds(seconds);
    var counts = await Task.WhenAll(pings.Select(async ping =>
    {
        await Task.Yield();
        long done = 0;
        while (stop.Elapsed < until)
        {
            await ping.Ping();
            done++;
        }
        return done;
    }));
    return counts.Sum() / stop.Elapsed.TotalSeconds;
}

static async Task<double> StreamEventsPerSecondAsync(TestCluster cluster, IStreamProvider subscriberSide, int count)
{
    var id = StreamId.Create("load", Guid.NewGuid().ToString("N"));
    var counter = new Counter(count);
    await subscriberSide.GetStream<int>(id).SubscribeAsync(counter);
    var stream = cluster.GetStreamProvider("memory").GetStream<int>(id);
    var stop = Stopwatch.StartNew();
    for (var i = 0; i < count; i += 1_000)
    {
        await stream.OnNextBatchAsync(Enumerable.Range(i, 1_000));
    }
    await counter.Done.WaitAsync(TimeSpan.FromMinutes(2));
    return count / stop.Elapsed.TotalSeconds;
}

namespace JobRuntime.WireLoad
{
    public interface IPingGrain : IGrainWithStringKey
    {
        Task Ping();
    }

    public sealed class PingGrain : Grain, IPingGrain
    {
        public Task Ping() => Task.CompletedTask;
    }

    internal sealed class Counter(int expected) : IAsyncObserver<int>
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _seen;

        public Task Done => _done.Task;

        public Task OnNextAsync(int item, StreamSequenceToken? token = null)
        {
            if (Interlocked.Increment(ref _seen) == expected)
            {
                _done.TrySetResult();
            }
            return Task.CompletedTask;
        }

        public Task OnCompletedAsync() => Task.CompletedTask;

        public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
    }
}
