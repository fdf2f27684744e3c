using JobRuntime.Streams;

namespace JobRuntime.Client.Tests;

/// <summary>A stream observer that records items and tokens, and lets a test wait for a count.</summary>
internal sealed class Collector<T> : IAsyncObserver<T>
{
    private readonly object _lock = new();
    private readonly List<(T Item, StreamSequenceToken? Token)> _items = [];

    public List<T> Items
    {
        get { lock (_lock) { return [.. _items.Select(i => i.Item)]; } }
    }

    public StreamSequenceToken? LastToken
    {
        get { lock (_lock) { return _items.Count == 0 ? null : _items[^1].Token; } }
    }

    public Task OnNextAsync(T item, StreamSequenceToken? token = null)
    {
        lock (_lock)
        {
            _items.Add((item, token));
        }
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    public async Task WaitForCountAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (Items.Count < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Expected {count} items, got {Items.Count}.");
            }
            await Task.Delay(20);
        }
    }
}

internal sealed class ChatObserver : IChatObserver
{
    private readonly List<string> _said = [];

    public List<string> Said
    {
        get { lock (_said) { return [.. _said]; } }
    }

    void IChatObserver.Said(string text)
    {
        lock (_said)
        {
            _said.Add(text);
        }
    }

    public Task<int> Count(string text) => Task.FromResult(text.Length);
}
