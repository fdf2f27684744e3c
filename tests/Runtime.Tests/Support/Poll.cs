namespace JobRuntime.Tests.Support;

/// <summary>Waits for something that happens in the background (a timer tick, a stream delivery) with a generous deadline.</summary>
internal static class Poll
{
    /// <summary>The longest any test waits for a background event.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    /// <summary>Returns once <paramref name="condition"/> holds; fails the test with <paramref name="what"/> at the deadline.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Waited {Deadline.TotalSeconds:0} s for {what}.");
            }
            await Task.Delay(20);
        }
    }

    /// <summary>Returns once the asynchronous <paramref name="condition"/> holds; fails the test with <paramref name="what"/> at the deadline.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Waited {Deadline.TotalSeconds:0} s for {what}.");
            }
            await Task.Delay(20);
        }
    }
}
