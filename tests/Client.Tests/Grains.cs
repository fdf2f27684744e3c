using JobRuntime.Concurrency;
using JobRuntime.Streams;

namespace JobRuntime.Client.Tests;

public interface IEchoGrain : IGrainWithStringKey
{
    Task<string> Echo(string text);

    Task<Payload> Double(Payload payload);

    Task Fail(string message);

    Task<bool> WaitForCancellation(CancellationToken cancellationToken);

    [OneWay]
    Task Remember(string text);

    Task<string?> Recall();

    Task<int> Slow(int milliseconds);
}

public sealed record Payload(int Number, string[] Tags);

public sealed class EchoGrain : Grain, IEchoGrain
{
    private string? _remembered;

    public Task<string> Echo(string text) => Task.FromResult($"{this.GetPrimaryKeyString()}:{text}");

    public Task<Payload> Double(Payload payload) => Task.FromResult(payload with { Number = payload.Number * 2 });

    public Task Fail(string message) => throw new ArgumentException(message);

    public async Task<bool> WaitForCancellation(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(20), cancellationToken);
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    public Task Remember(string text)
    {
        _remembered = text;
        return Task.CompletedTask;
    }

    public Task<string?> Recall() => Task.FromResult(_remembered);

    public async Task<int> Slow(int milliseconds)
    {
        await Task.Delay(milliseconds);
        return milliseconds;
    }
}

public interface IChatObserver : IGrainObserver
{
    void Said(string text);

    Task<int> Count(string text);
}

public interface IChatRoomGrain : IGrainWithStringKey
{
    Task Join(IChatObserver observer);

    Task<int> Say(string text);
}

public sealed class ChatRoomGrain : Grain, IChatRoomGrain
{
    private readonly List<IChatObserver> _members = [];

    public Task Join(IChatObserver observer)
    {
        _members.Add(observer);
        return Task.CompletedTask;
    }

    public async Task<int> Say(string text)
    {
        var total = 0;
        foreach (var member in _members)
        {
            member.Said(text);
            total += await member.Count(text);
        }
        return total;
    }
}

public interface IPublisherGrain : IGrainWithStringKey
{
    Task Publish(string provider, int from, int count);
}

public sealed class PublisherGrain : Grain, IPublisherGrain
{
    public Task Publish(string provider, int from, int count) =>
        this.GetStreamProvider(provider).GetStream<int>(StreamId.Create("numbers", this.GetPrimaryKeyString()))
            .OnNextBatchAsync(Enumerable.Range(from, count));
}
