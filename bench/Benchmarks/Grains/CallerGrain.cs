using System.Diagnostics;

namespace JobRuntime.Benchmarks.Grains;

/// <summary>Calls another grain from grain code, one awaited call at a time.</summary>
public interface ICallerGrain : IGrainWithIntegerKey
{
    /// <summary>Calls <see cref="IPingGrain"/> <paramref name="target"/> until <paramref name="duration"/> has passed; returns the number of calls.</summary>
    Task<long> PingFor(long target, TimeSpan duration);
}

public sealed class CallerGrain : Grain, ICallerGrain
{
    public async Task<long> PingFor(long target, TimeSpan duration)
    {
        var grain = GrainFactory.GetGrain<IPingGrain>(target);
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long calls = 0;
        do
        {
            await grain.Ping();
            calls++;
        }
        while (Stopwatch.GetTimestamp() < end);
        return calls;
    }
}
