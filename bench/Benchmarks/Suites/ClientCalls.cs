using JobRuntime.Benchmarks.Grains;
using JobRuntime.Benchmarks.Hosting;
using JobRuntime.Benchmarks.Measurement;

namespace JobRuntime.Benchmarks.Suites;

/// <summary>
/// Benchmark 2: the same no-op calls from an Orleans client through the silo's gateway over
/// loopback TCP, against the same calls made inside the silo in the same run.
/// </summary>
internal sealed class ClientCalls(BenchCluster cluster, InSiloCalls inSilo, Runner runner, Report report)
{
    private readonly IPingGrain[] _grains = [.. Enumerable.Range(0, InSiloCalls.Grains).Select(i => cluster.Client.GetGrain<IPingGrain>(i))];

    public async Task RunAsync(IReadOnlyList<int> outstanding, TimeSpan latencyDuration)
    {
        await Task.WhenAll(_grains.Select(g => g.Ping()));
        report.Header("2. Orleans client -> silo gateway, loopback TCP, silo and client in one process (separate hosts)");

        var client = await LatencySampler.SampleAsync(() => _grains[0].Ping(), latencyDuration);
        var silo = await inSilo.SampleLatencyAsync(latencyDuration);
        report.Latency("round trip of one awaited no-op call, one caller", client, "the same call inside the silo", silo);

        foreach (var count in outstanding)
        {
            var rate = await runner.MeasureAsync(d => ClosedLoop.RunAsync(count, d, (w, n) => _grains[(int)((w + n) % InSiloCalls.Grains)].Ping()));
            inSilo.ConcurrentRates.TryGetValue(count, out var baseline);
            report.Rate($"pipelined: {count:N0} calls outstanding ({count:N0} loops) over {InSiloCalls.Grains:N0} grains", rate, "calls/s",
                $"{count:N0} loops inside the silo (table 1)", baseline);
        }
    }
}
