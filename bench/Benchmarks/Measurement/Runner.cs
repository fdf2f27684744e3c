namespace JobRuntime.Benchmarks.Measurement;

/// <summary>
/// Runs a benchmark's round a few times unmeasured (warm-up: activations, JIT, connections), then
/// a few times measured, and keeps each measured round's rate.
/// </summary>
internal sealed class Runner(int warmupRounds, int rounds, TimeSpan roundDuration)
{
    public TimeSpan RoundDuration { get; } = roundDuration;

    public async Task<RateStats> MeasureAsync(Func<TimeSpan, Task<RoundResult>> round)
    {
        for (var i = 0; i < warmupRounds; i++)
        {
            await round(RoundDuration);
        }
        var rates = new List<double>(rounds);
        for (var i = 0; i < rounds; i++)
        {
            rates.Add((await round(RoundDuration)).PerSecond);
        }
        return new RateStats(rates);
    }
}
