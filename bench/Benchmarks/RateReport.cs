using System.Globalization;
using BenchmarkDotNet.Reports;

namespace JobRuntime.Benchmarks;

/// <summary>
/// Prints each benchmark's median time per operation and the matching rate (operations per
/// second), next to the baseline of its group measured in the same run, so the README's figures
/// come straight from the run rather than from arithmetic by hand.
/// </summary>
internal static class RateReport
{
    public static void Write(IEnumerable<Summary> summaries, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("| class | benchmark | median per op | rate (median) | baseline median per op | baseline rate | time ratio |");
        output.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var summary in summaries)
        {
            var reports = summary.Reports.Where(r => r.ResultStatistics is not null).ToList();
            foreach (var group in reports.GroupBy(r => (r.BenchmarkCase.Descriptor.Type, Category: string.Join(",", r.BenchmarkCase.Descriptor.Categories))))
            {
                var baseline = group.FirstOrDefault(r => r.BenchmarkCase.Descriptor.Baseline);
                foreach (var report in group)
                {
                    var median = report.ResultStatistics!.Median;
                    var baseMedian = baseline?.ResultStatistics!.Median;
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {group.Key.Type.Name} | {report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo.Trim('\'')} | {Time(median)} | {Rate(median)} | {(baseMedian is { } b ? Time(b) : "-")} | {(baseMedian is { } c ? Rate(c) : "-")} | {(baseMedian is { } d ? (median / d).ToString("0.00", CultureInfo.InvariantCulture) : "-")} |"));
                }
            }
        }
    }

    private static string Time(double nanoseconds) => nanoseconds switch
    {
        < 1_000 => string.Create(CultureInfo.InvariantCulture, $"{nanoseconds:0.0} ns"),
        < 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{nanoseconds / 1_000:0.00} us"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{nanoseconds / 1_000_000:0.00} ms"),
    };

    private static string Rate(double nanoseconds) => string.Create(CultureInfo.InvariantCulture, $"{1e9 / nanoseconds:N0}/s");
}
