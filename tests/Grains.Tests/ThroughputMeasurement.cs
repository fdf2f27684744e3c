using System.Diagnostics;
using JobRuntime.Grains.Execution;
using Xunit.Abstractions;
using static JobRuntime.Grains.Tests.NodeTesting;

namespace JobRuntime.Grains.Tests;

/// <summary>A fact that runs only when JOBRUNTIME_MEASURE=1: measurements, not tests.</summary>
public sealed class MeasurementFactAttribute : FactAttribute
{
    public MeasurementFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("JOBRUNTIME_MEASURE") != "1")
        {
            Skip = "A measurement: run with JOBRUNTIME_MEASURE=1.";
        }
    }
}

/// <summary>
/// Tasks per second through <see cref="Grains.JavaScript.JavaScriptExecutor.RunAsync"/> over the
/// pool: <c>JOBRUNTIME_MEASURE=1 dotnet test tests/Grains.Tests --filter ThroughputMeasurement --logger "console;verbosity=detailed"</c>.
/// </summary>
public sealed class ThroughputMeasurement(ITestOutputHelper output)
{
    [MeasurementFact]
    public async Task Trivial_tasks_per_second_through_the_pool()
    {
        const int total = 200_000, batchSize = 1_000;
        await using var executor = Executor(workers: Environment.ProcessorCount);
        var program = Program("function Run(d){return d*2}");
        var batches = Enumerable.Range(0, total / batchSize).Select(b => Numbers(batchSize, (long)b * batchSize)).ToArray();
        await Task.WhenAll(Enumerable.Range(0, Environment.ProcessorCount).Select(_ => executor.RunAsync(program, batches[0], CancellationToken.None)));

        var next = -1;
        var done = 0L;
        var silo = Process.GetCurrentProcess().TotalProcessorTime;
        var workers = executor.IdleWorkerProcessIds().Sum(CpuTime);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Environment.ProcessorCount * 2).Select(async _ =>
        {
            int b;
            while ((b = Interlocked.Increment(ref next)) < batches.Length)
            {
                var outcomes = await executor.RunAsync(program, batches[b], CancellationToken.None);
                Interlocked.Add(ref done, outcomes.Count);
            }
        }));
        clock.Stop();
        silo = Process.GetCurrentProcess().TotalProcessorTime - silo;
        workers = executor.IdleWorkerProcessIds().Sum(CpuTime) - workers;

        Assert.Equal(total, done);
        output.WriteLine($"{total:N0} tasks in batches of {batchSize:N0} on {Environment.ProcessorCount} workers: {clock.Elapsed.TotalSeconds:0.00} s, {total / clock.Elapsed.TotalSeconds:N0} tasks/s; CPU: this process {silo.TotalSeconds:0.00} s, node workers {workers:0.00} s");
    }

    // User plus system CPU seconds of a process, from /proc (Linux).
    private static double CpuTime(int processId)
    {
        var stat = File.ReadAllText($"/proc/{processId}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0;
    }
}
