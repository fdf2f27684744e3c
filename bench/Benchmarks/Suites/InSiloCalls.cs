using System.Diagnostics;
using JobRuntime.Benchmarks.Grains;
using JobRuntime.Benchmarks.Hosting;
using JobRuntime.Benchmarks.Measurement;

namespace JobRuntime.Benchmarks.Suites;

/// <summary>
/// Benchmark 1: no-op grain calls made inside the silo process (through the silo's grain factory,
/// or from grain code), against the same method on plain objects.
/// </summary>
internal sealed class InSiloCalls(BenchCluster cluster, Runner runner, Report report)
{
    public const int Grains = 1_000;

    private readonly IPingGrain[] _grains = [.. Enumerable.Range(0, Grains).Select(i => cluster.SiloGrains.GetGrain<IPingGrain>(i))];
    private readonly IPingGrain[] _plain = [.. Enumerable.Range(0, Grains).Select(_ => new PlainPing())];

    /// <summary>The in-silo rate for each number of concurrent callers, the baseline of the client suite.</summary>
    public Dictionary<int, RateStats> ConcurrentRates { get; } = [];

    public async Task RunAsync(IReadOnlyList<int> callerCounts)
    {
        await Task.WhenAll(_grains.Select(g => g.Ping()));
        report.Header("1. In-silo grain calls (no-op `Task Ping()`, warm activations)");

        var plainOne = await runner.MeasureAsync(d => ClosedLoop.RunAsync(1, d, (_, _) => _plain[0].Ping()));
        var grainOne = await runner.MeasureAsync(d => ClosedLoop.RunAsync(1, d, (_, _) => _grains[0].Ping()));
        report.Rate("one caller awaiting calls to one grain, through the silo's IGrainFactory", grainOne, "calls/s",
            "the same awaited call on a plain object through the interface", plainOne, perCallTime: true);

        var caller = cluster.SiloGrains.GetGrain<ICallerGrain>(0);
        var grainToGrain = await runner.MeasureAsync(async d =>
        {
            var start = Stopwatch.GetTimestamp();
            var calls = await caller.PingFor(1, d);
            return new RoundResult(calls, Stopwatch.GetElapsedTime(start));
        });
        report.Rate("grain -> grain, one caller grain awaiting calls to one grain", grainToGrain, "calls/s",
            "plain object, as above", plainOne, perCallTime: true);

        foreach (var callers in callerCounts)
        {
            var plain = await runner.MeasureAsync(d => ClosedLoop.RunAsync(callers, d, (w, n) => _plain[(int)((w + n) % Grains)].Ping()));
            var grains = await runner.MeasureAsync(d => ClosedLoop.RunAsync(callers, d, (w, n) => _grains[(int)((w + n) % Grains)].Ping()));
            ConcurrentRates[callers] = grains;
            report.Rate($"{callers:N0} concurrent callers over {Grains:N0} grains, each awaiting one call at a time", grains, "calls/s",
                $"the same {callers:N0} loops over {Grains:N0} plain objects", plain, perCallTime: true);
        }
    }

    /// <summary>Single in-silo calls to a warm grain, timed one by one (the client suite's baseline).</summary>
    public Task<double[]> SampleLatencyAsync(TimeSpan duration) => LatencySampler.SampleAsync(() => _grains[0].Ping(), duration);
}
