using System.Runtime.CompilerServices;
using System.Threading.Channels;
using JobRuntime.Streams;

namespace JobRuntime.Client.Jobs;

/// <summary>Reads a stream as an async sequence: subscribes on first use, unsubscribes when the enumeration ends.</summary>
internal static class StreamReader
{
    public static async IAsyncEnumerable<(T Item, StreamSequenceToken? Token)> ReadAsync<T>(
        IAsyncStream<T> stream, StreamSequenceToken? from, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateUnbounded<(T, StreamSequenceToken?)>(new UnboundedChannelOptions { SingleReader = true });
        var handle = await stream.SubscribeAsync(new DelegateObserver<T>((item, token) => channel.Writer.TryWrite((item, token))), from);
        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return item;
            }
        }
        finally
        {
            await handle.UnsubscribeAsync();
        }
    }
}

/// <summary>A stream observer that hands items to a delegate.</summary>
internal sealed class DelegateObserver<T>(Action<T, StreamSequenceToken?> onNext) : IAsyncObserver<T>
{
    public Task OnNextAsync(T item, StreamSequenceToken? token = null)
    {
        onNext(item, token);
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}
