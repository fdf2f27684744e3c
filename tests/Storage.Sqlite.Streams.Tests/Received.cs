using System.Diagnostics;
using Orleans.Streams;

namespace JobRuntime.Sqlite.Streams.Tests;

/// <summary>What a subscriber got: each event's number and seq, in arrival order.</summary>
public sealed class Received
{
    private readonly Lock _lock = new();
    private readonly List<(int Number, long Sequence)> _events = [];

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _events.Count;
            }
        }
    }

    public Task OnNextAsync(TestEvent item, StreamSequenceToken? token)
    {
        lock (_lock)
        {
            _events.Add((item.Number, token?.SequenceNumber ?? -1));
        }
        return Task.CompletedTask;
    }

    public List<(int Number, long Sequence)> Snapshot()
    {
        lock (_lock)
        {
            return [.. _events];
        }
    }

    public List<int> Numbers() => Snapshot().Select(e => e.Number).ToList();

    /// <summary>Waits until at least <paramref name="count"/> events arrived, then a little longer to catch any duplicate.</summary>
    public async Task WaitForAsync(int count, TimeSpan? timeout = null)
    {
        await Eventually.WaitUntilAsync(() => Count >= count, timeout ?? TimeSpan.FromSeconds(30), () => $"{Count} of {count} events arrived");
        await Task.Delay(300);
    }
}

public static class Eventually
{
    public static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, Func<string> describe) =>
        WaitUntilAsync(() => Task.FromResult(condition()), timeout, describe);

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> describe)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Not within {timeout}: {describe()}.");
            }
            await Task.Delay(10);
        }
    }
}
