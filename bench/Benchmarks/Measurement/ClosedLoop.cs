using System.Diagnostics;

namespace JobRuntime.Benchmarks.Measurement;

/// <summary>
/// Closed-loop load: <c>workers</c> async loops, each awaiting one call at a time, so that
/// <c>workers</c> calls are outstanding at every moment. The clock runs until the last loop has
/// seen its last call complete.
/// </summary>
internal static class ClosedLoop
{
    /// <param name="workers">How many loops, so how many calls are outstanding.</param>
    /// <param name="duration">How long the loops start new calls.</param>
    /// <param name="call">The call, given the worker's number and its call number.</param>
    public static async Task<RoundResult> RunAsync(int workers, TimeSpan duration, Func<int, long, Task> call)
    {
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var loops = new Task<long>[workers];
        for (var w = 0; w < workers; w++)
        {
            var worker = w;
            loops[w] = Task.Run(async () =>
            {
                long calls = 0;
                do
                {
                    await call(worker, calls);
                    calls++;
                }
                while (Stopwatch.GetTimestamp() < end);
                return calls;
            });
        }
        var counts = await Task.WhenAll(loops);
        return new RoundResult(counts.Sum(), Stopwatch.GetElapsedTime(start));
    }
}
