using System.Globalization;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using JobRuntime.Benchmarks.Grains;
using JobRuntime.Testing;

namespace JobRuntime.Benchmarks;

/// <summary>
/// 2. Many concurrent callers: <see cref="Loops"/> async loops on the thread pool, each making
/// <see cref="CallsPerLoop"/> no-op calls, to its own grain, to one of <see cref="SharedGrains"/>
/// shared grains, or all to one grain. A call to a busy activation queues and runs later on the
/// grain's scheduler; the run prints how many calls did not complete on the caller's thread.
/// Reported times are per call.
/// </summary>
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class GrainCallThroughputBenchmarks
{
    public const int Loops = 64;
    public const int CallsPerLoop = 1_000;
    public const int SharedGrains = 16;
    private const int Calls = Loops * CallsPerLoop;

    private readonly Task[] _running = new Task[Loops];
    private TestCluster _cluster = null!;
    private IPingGrain[] _ownGrains = null!;
    private IPingGrain[] _ownDirect = null!;
    private string _benchmark = "";
    private long _calls;
    private long _queued;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _cluster = await TestCluster.StartAsync();
        _ownGrains = [.. Enumerable.Range(0, Loops).Select(i => _cluster.GrainFactory.GetGrain<IPingGrain>(i))];
        await Task.WhenAll(_ownGrains.Select(g => g.Ping()));
        _ownDirect = [.. Enumerable.Range(0, Loops).Select(_ => new GuardedPing(new PlainPing()))];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// {_benchmark}: calls that did not complete on the caller's thread: {_queued:N0} of {_calls:N0} ({100.0 * _queued / Math.Max(1, _calls):0.000}%)"));
        _cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls, Description = "direct calls, 64 callers, own target each")]
    [BenchmarkCategory("own")]
    public Task DirectOwn() => RunAsync(_ownDirect, Loops);

    [Benchmark(OperationsPerInvoke = Calls, Description = "grain calls, 64 callers, own grain each")]
    [BenchmarkCategory("own")]
    public Task GrainOwn() => RunAsync(_ownGrains, Loops);

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls, Description = "direct calls, 64 callers, 16 shared targets")]
    [BenchmarkCategory("shared16")]
    public Task DirectShared() => RunAsync(_ownDirect, SharedGrains);

    [Benchmark(OperationsPerInvoke = Calls, Description = "grain calls, 64 callers, 16 shared grains")]
    [BenchmarkCategory("shared16")]
    public Task GrainShared() => RunAsync(_ownGrains, SharedGrains);

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls, Description = "direct calls, 64 callers, 1 shared target")]
    [BenchmarkCategory("shared1")]
    public Task DirectOne() => RunAsync(_ownDirect, 1);

    [Benchmark(OperationsPerInvoke = Calls, Description = "grain calls, 64 callers, 1 shared grain")]
    [BenchmarkCategory("shared1")]
    public Task GrainOne() => RunAsync(_ownGrains, 1);

    private Task RunAsync(IPingGrain[] targets, int count, [CallerMemberName] string benchmark = "")
    {
        _benchmark = benchmark;
        _calls += Calls;
        for (var i = 0; i < Loops; i++)
        {
            // Callers of one shared target are started one after another, so that the pool
            // threads run callers of the same target at the same time (with i % count,
            // neighbours would call different targets and hardly ever meet).
            var target = targets[i * count / Loops];
            _running[i] = Task.Run(() => CallLoopAsync(target));
        }
        return Task.WhenAll(_running);
    }

    private async Task CallLoopAsync(IPingGrain target)
    {
        for (var i = 0; i < CallsPerLoop; i++)
        {
            var call = target.Ping();
            if (!call.IsCompleted)
            {
                Interlocked.Increment(ref _queued);
            }
            await call;
        }
    }
}
