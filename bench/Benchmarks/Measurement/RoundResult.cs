namespace JobRuntime.Benchmarks.Measurement;

/// <summary>What one measured round did: how many operations, in how much wall-clock time.</summary>
internal readonly record struct RoundResult(long Operations, TimeSpan Elapsed)
{
    public double PerSecond => Operations / Elapsed.TotalSeconds;
}
