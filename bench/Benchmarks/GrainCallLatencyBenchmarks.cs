using BenchmarkDotNet.Attributes;
using JobRuntime.Benchmarks.Grains;
using JobRuntime.Testing;

namespace JobRuntime.Benchmarks;

/// <summary>
/// 1. One caller, no-op grain calls on a warm activation: the time of <c>await grain.Ping()</c>
/// (the call runs on the caller's thread when the activation is idle).
/// </summary>
public class GrainCallLatencyBenchmarks
{
    private TestCluster _cluster = null!;
    private IPingGrain _grain = null!;
    private IPingGrain _direct = null!;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _cluster = await TestCluster.StartAsync();
        _grain = _cluster.GrainFactory.GetGrain<IPingGrain>(1);
        await _grain.Ping();
        _direct = new GuardedPing(new PlainPing());
    }

    [GlobalCleanup]
    public void Cleanup() => _cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, Description = "direct call, SemaphoreSlim-guarded")]
    public Task Direct() => _direct.Ping();

    [Benchmark(Description = "grain call")]
    public Task Grain() => _grain.Ping();
}
