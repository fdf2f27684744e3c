namespace JobRuntime.Cluster.Tests;

/// <summary>Waits for a condition of a cluster that is recovering, with a generous deadline (no timing assertions).</summary>
public static class Eventually
{
    public static async Task ThatAsync(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        var deadline = DateTime.UtcNow + within;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                last = e;
            }
            await Task.Delay(500);
        }
        throw new TimeoutException($"Waited {within.TotalSeconds:0} s for {what}." + (last is null ? "" : $" Last error: {last.Message}"), last);
    }

    public static async Task<T> ResultAsync<T>(Func<Task<T>> call, TimeSpan within, string what)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (e is not OutOfMemoryException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
            }
        }
    }
}
