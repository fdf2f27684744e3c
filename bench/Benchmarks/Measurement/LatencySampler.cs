using System.Diagnostics;

namespace JobRuntime.Benchmarks.Measurement;

/// <summary>One caller, one awaited call at a time: the time of every single call.</summary>
internal static class LatencySampler
{
    /// <summary>Warms up for a second, then times single calls for <paramref name="duration"/>.</summary>
    /// <returns>Each call's time in microseconds.</returns>
    public static async Task<double[]> SampleAsync(Func<Task> call, TimeSpan duration)
    {
        await RunAsync(call, TimeSpan.FromSeconds(1), null);
        var samples = new List<double>(1 << 20);
        await RunAsync(call, duration, samples);
        return [.. samples];
    }

    private static async Task RunAsync(Func<Task> call, TimeSpan duration, List<double>? samples)
    {
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long now;
        do
        {
            var before = Stopwatch.GetTimestamp();
            await call();
            now = Stopwatch.GetTimestamp();
            samples?.Add((now - before) * 1e6 / Stopwatch.Frequency);
        }
        while (now < end);
    }
}
