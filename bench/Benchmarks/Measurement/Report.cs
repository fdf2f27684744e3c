using System.Globalization;

namespace JobRuntime.Benchmarks.Measurement;

/// <summary>Prints results as Markdown table rows as soon as each benchmark ends.</summary>
internal sealed class Report(TextWriter output)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public void Header(string title)
    {
        output.WriteLine();
        output.WriteLine($"### {title}");
        output.WriteLine();
        output.WriteLine("| what | figure (median of rounds) | rounds: min - max | baseline (same run) | ratio (figure / baseline) |");
        output.WriteLine("| --- | ---: | ---: | --- | ---: |");
    }

    /// <summary>
    /// A rate row; the ratio is below 1 when the figure is slower than the baseline. With
    /// <c>baselineRange</c> the baseline's rounds (min - max) are printed too.
    /// </summary>
    public void Rate(string what, RateStats figure, string unit, string baselineWhat, RateStats? baseline, bool perCallTime = false, bool baselineRange = false)
    {
        var figureText = $"{figure.Median.ToString("N0", Invariant)} {unit}" + (perCallTime ? $" ({PerOp(figure.Median)})" : "");
        var range = $"{figure.Min.ToString("N0", Invariant)} - {figure.Max.ToString("N0", Invariant)}";
        var baselineText = baseline is null ? baselineWhat : $"{baselineWhat}: {baseline.Median.ToString("N0", Invariant)} {unit}" + (perCallTime ? $" ({PerOp(baseline.Median)})" : "")
            + (baselineRange ? $" (rounds {baseline.Min.ToString("N0", Invariant)} - {baseline.Max.ToString("N0", Invariant)})" : "");
        var ratio = baseline is null ? "-" : Ratio(figure.Median / baseline.Median);
        output.WriteLine($"| {what} | {figureText} | {range} | {baselineText} | {ratio} |");
        output.Flush();
    }

    /// <summary>A latency row: median, p90 and p99 of single calls; the ratio compares medians.</summary>
    public void Latency(string what, double[] figure, string baselineWhat, double[] baseline)
    {
        var ratio = (RateStats.Percentile(figure, 0.5) / RateStats.Percentile(baseline, 0.5)).ToString("0.0", Invariant);
        output.WriteLine($"| {what} ({figure.Length.ToString("N0", Invariant)} calls) | {Percentiles(figure)} | - | {baselineWhat} ({baseline.Length.ToString("N0", Invariant)} calls): {Percentiles(baseline)} | {ratio} (medians) |");
        output.Flush();
    }

    public void Line(string text)
    {
        output.WriteLine(text);
        output.Flush();
    }

    // Three significant digits, so that small ratios keep their digits.
    private static string Ratio(double ratio) => ratio.ToString(ratio < 1 ? "G3" : "0.00", Invariant);

    private static string Percentiles(double[] us) => string.Create(Invariant,
        $"median {Micros(RateStats.Percentile(us, 0.5))}, p90 {Micros(RateStats.Percentile(us, 0.9))}, p99 {Micros(RateStats.Percentile(us, 0.99))}, mean {Micros(us.Average())}");

    private static string Micros(double us) => us < 10 ? string.Create(Invariant, $"{us:0.00} us") : string.Create(Invariant, $"{us:0.0} us");

    private static string PerOp(double perSecond)
    {
        var ns = 1e9 / perSecond;
        return ns < 1_000 ? string.Create(Invariant, $"{ns:0.0} ns/call") : string.Create(Invariant, $"{ns / 1_000:0.00} us/call");
    }
}
