using System.Diagnostics;

namespace JobRuntime.QueuesLoad;

/// <summary>How long pushing and working took for a number of tasks.</summary>
internal sealed record Timings(int Tasks, TimeSpan Push, TimeSpan Work)
{
    public double PushRate => Tasks / Push.TotalSeconds;

    public double WorkRate => Tasks / Work.TotalSeconds;

    public double EndToEndRate => Tasks / (Push + Work).TotalSeconds;

    /// <summary>Times a push phase and a work phase; the work phase must leave the queue empty.</summary>
    public static async Task<Timings> MeasureAsync(int tasks, Func<Task> push, Func<Task> work, Func<Task<long>> remaining)
    {
        var clock = Stopwatch.StartNew();
        await push();
        var pushed = clock.Elapsed;
        clock.Restart();
        await work();
        var worked = clock.Elapsed;
        var left = await remaining();
        if (left != 0)
        {
            throw new InvalidOperationException($"{left} tasks were left in the queue.");
        }
        await Console.Error.WriteLineAsync($"  {tasks:N0} tasks: push {pushed.TotalSeconds:0.00} s, work {worked.TotalSeconds:0.00} s");
        return new Timings(tasks, pushed, worked);
    }
}
