using Orleans.Runtime;
using Orleans.Streams;

namespace JobRuntime.Sqlite.Streams.Tests;

public interface IStreamProducerGrain : IGrainWithStringKey
{
    Task ProduceAsync(int from, int count);
}

public interface IStreamSubscriberGrain : IGrainWithStringKey
{
    Task SubscribeAsync(string streamKey);

    Task<List<int>> GetNumbersAsync();
}

/// <summary>Produces to the stream named by its key, one awaited OnNextAsync per event.</summary>
public sealed class StreamProducerGrain : Grain, IStreamProducerGrain
{
    public async Task ProduceAsync(int from, int count)
    {
        var stream = this.GetStreamProvider(StreamTestCluster.Provider).GetStream<TestEvent>(StreamTestCluster.StreamOf(this.GetPrimaryKeyString()));
        for (var i = from; i < from + count; i++)
        {
            await stream.OnNextAsync(new TestEvent(i, $"event {i}"));
        }
    }
}

public sealed class StreamSubscriberGrain : Grain, IStreamSubscriberGrain
{
    private readonly List<int> _numbers = [];

    public async Task SubscribeAsync(string streamKey)
    {
        var stream = this.GetStreamProvider(StreamTestCluster.Provider).GetStream<TestEvent>(StreamTestCluster.StreamOf(streamKey));
        await stream.SubscribeAsync((item, _) =>
        {
            _numbers.Add(item.Number);
            return Task.CompletedTask;
        });
    }

    public Task<List<int>> GetNumbersAsync() => Task.FromResult(_numbers.ToList());
}
