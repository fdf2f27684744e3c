using System.Threading.Channels;
using JobRuntime.GrainInterfaces;
using Orleans.Providers.Streams.Common;
using Orleans.Runtime;
using Orleans.Streams;

namespace JobRuntime.Client.Jobs;

/// <summary>
/// A live subscription to a job's results or errors (see <see cref="Job.SubscribeResultsAsync"/>):
/// enumerate it once for the events; dispose it to unsubscribe. When it resumes after a position it
/// first reads the log up to the present, then the stream, dropping by position what it gave already.
/// </summary>
public sealed class JobEventStream<T> : IAsyncEnumerable<Positioned<T>>, IAsyncDisposable
{
    private readonly Channel<Positioned<T>> _channel;
    private readonly StreamSubscriptionHandle<T> _handle;
    private readonly Func<long, int, Task<Positioned<T>[]>> _read;
    private readonly long? _after;

    private JobEventStream(Channel<Positioned<T>> channel, StreamSubscriptionHandle<T> handle, Func<long, int, Task<Positioned<T>[]>> read, long? after)
    {
        _channel = channel;
        _handle = handle;
        _read = read;
        _after = after;
    }

    internal static async Task<JobEventStream<T>> SubscribeAsync(IAsyncStream<T> stream, Func<long, int, Task<Positioned<T>[]>> read, long? after)
    {
        var channel = Channel.CreateUnbounded<Positioned<T>>(new UnboundedChannelOptions { SingleReader = true });
        // Subscribed from the position after the last one seen: the stream's cursor starts there,
        // so nothing between the log read below and the live events is missed.
        var handle = await stream.SubscribeAsync(new ChannelObserver<T>(channel.Writer), after is { } start ? new EventSequenceTokenV2(start + 1) : null);
        return new JobEventStream<T>(channel, handle, read, after);
    }

    /// <inheritdoc/>
    public async IAsyncEnumerator<Positioned<T>> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        var last = _after ?? long.MinValue;
        if (_after is { } from)
        {
            await foreach (var item in JobEvents.ReadLogAsync(_read, from, cancellationToken))
            {
                last = item.Position;
                yield return item;
            }
        }
        await foreach (var item in _channel.Reader.ReadAllAsync(cancellationToken))
        {
            if (item.Position <= last)
            {
                continue;
            }
            last = item.Position;
            yield return item;
        }
    }

    /// <summary>Unsubscribes.</summary>
    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        try
        {
            await _handle.UnsubscribeAsync();
        }
        catch (Exception e) when (e is OrleansException or TimeoutException or ObjectDisposedException)
        {
            // The client or silo is going away: the subscription goes with it.
        }
    }
}

/// <summary>A stream observer that hands each event and its position to a channel.</summary>
internal sealed class ChannelObserver<T>(ChannelWriter<Positioned<T>> writer) : IAsyncObserver<T>
{
    public Task OnNextAsync(T item, StreamSequenceToken? token = null)
    {
        writer.TryWrite(new Positioned<T>(token?.SequenceNumber ?? 0, item));
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync()
    {
        writer.TryComplete();
        return Task.CompletedTask;
    }

    public Task OnErrorAsync(Exception ex)
    {
        writer.TryComplete(ex);
        return Task.CompletedTask;
    }
}
