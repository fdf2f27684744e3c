using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace JobRuntime.Benchmarks;

/// <summary>
/// One short job for every benchmark: 3 warm-up and 10 measured iterations, so that the whole
/// suite runs in a few minutes on a 2-core machine. In-process by default: no second build and
/// restore of a generated project per run. <c>--out-of-process</c> uses BenchmarkDotNet's
/// default toolchain instead (a child process per benchmark; it also works on .NET 10).
/// </summary>
internal static class BenchConfig
{
    public const string OutOfProcessSwitch = "--out-of-process";

    public static IConfig Create(bool outOfProcess)
    {
        var job = Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(10);
        if (!outOfProcess)
        {
            job = job.WithToolchain(InProcessEmitToolchain.Instance);
        }
        return DefaultConfig.Instance
            .AddJob(job.AsDefault())
            .AddColumn(StatisticColumn.Median, StatisticColumn.Min, StatisticColumn.Max)
            .AddDiagnoser(MemoryDiagnoser.Default);
    }
}
