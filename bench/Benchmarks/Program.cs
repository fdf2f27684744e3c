using BenchmarkDotNet.Running;
using JobRuntime.Benchmarks;

// Runs the benchmarks chosen with --filter (e.g. --filter '*'), then prints every figure as a rate.
var outOfProcess = args.Contains(BenchConfig.OutOfProcessSwitch);
var benchmarkArgs = args.Where(a => a != BenchConfig.OutOfProcessSwitch).ToArray();
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(benchmarkArgs, BenchConfig.Create(outOfProcess));
RateReport.Write(summaries, Console.Out);
