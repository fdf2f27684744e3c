namespace JobRuntime.Benchmarks.Measurement;

/// <summary>The rates of the measured rounds of one benchmark (operations per second).</summary>
internal sealed class RateStats(IReadOnlyList<double> rates)
{
    public IReadOnlyList<double> Rates { get; } = rates;

    public double Median => Percentile(Rates, 0.5);

    public double Min => Rates.Min();

    public double Max => Rates.Max();

    /// <summary>Nearest-rank percentile (<paramref name="p"/> in 0..1) of unsorted values.</summary>
    public static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
