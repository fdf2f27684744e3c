using System.Runtime.CompilerServices;
using System.Threading.Channels;
using JobRuntime.GrainInterfaces;
using Orleans.Runtime;
using Orleans.Streams;

namespace JobRuntime.Client.Jobs;

/// <summary>
/// A live subscription to a job's results or errors (see <see cref="Job.SubscribeResultsAsync"/>):
/// enumerate it once for the events; dispose it to unsubscribe. It gives every event after its
/// starting position once, in position order: first those already recorded (read from the job),
/// then the stream's pages; a page that starts past the next expected position means one was
/// lost on the way (a silo died after recording it), and the gap is read from the job. When the
/// stream is quiet for a while it asks the job whether anything was recorded that it did not see.
/// </summary>
public sealed class JobEventStream<T> : IAsyncEnumerable<Positioned<T>>, IAsyncDisposable
{
    private static readonly TimeSpan QuietCheck = TimeSpan.FromSeconds(5);

    private readonly Channel<JobEventPage<T>> _pages;
    private readonly StreamSubscriptionHandle<JobEventPage<T>> _handle;
    private readonly Func<long, int, Task<Positioned<T>[]>> _read;
    private readonly Func<Task<long>> _lastPosition;
    private readonly long _after;

    private JobEventStream(Channel<JobEventPage<T>> pages, StreamSubscriptionHandle<JobEventPage<T>> handle, Func<long, int, Task<Positioned<T>[]>> read, Func<Task<long>> lastPosition, long after)
    {
        _pages = pages;
        _handle = handle;
        _read = read;
        _lastPosition = lastPosition;
        _after = after;
    }

    /// <summary>The position the subscription starts after: the one given, or the last recorded when it was made.</summary>
    public long After => _after;

    internal static async Task<JobEventStream<T>> SubscribeAsync(IAsyncStream<JobEventPage<T>> stream, Func<long, int, Task<Positioned<T>[]>> read, Func<Task<long>> lastPosition, long? after)
    {
        var pages = Channel.CreateUnbounded<JobEventPage<T>>(new UnboundedChannelOptions { SingleReader = true });
        // Subscribed first, then the starting position read: whatever is recorded in between is
        // both in the log and on the stream, and the duplicate is dropped by position.
        var handle = await stream.SubscribeAsync(new PageObserver(pages.Writer));
        var start = after ?? await lastPosition();
        return new JobEventStream<T>(pages, handle, read, lastPosition, start);
    }

    /// <inheritdoc/>
    public async IAsyncEnumerator<Positioned<T>> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        var last = _after;
        await foreach (var item in JobEvents.ReadLogAsync(_read, last, cancellationToken))
        {
            last = item.Position;
            yield return item;
        }
        while (true)
        {
            var page = await NextPageAsync(cancellationToken);
            if (page is null)
            {
                // Quiet: catch up with anything recorded whose page did not arrive.
                if (await _lastPosition() > last)
                {
                    await foreach (var item in JobEvents.ReadLogAsync(_read, last, cancellationToken))
                    {
                        last = item.Position;
                        yield return item;
                    }
                }
                continue;
            }
            if (page.FirstPosition > last + 1)
            {
                await foreach (var item in ReadGapAsync(last, page.FirstPosition - 1, cancellationToken))
                {
                    last = item.Position;
                    yield return item;
                }
            }
            for (var i = 0; i < page.Items.Length; i++)
            {
                var position = page.FirstPosition + i;
                if (position > last)
                {
                    last = position;
                    yield return new Positioned<T>(position, page.Items[i]);
                }
            }
        }
    }

    private async Task<JobEventPage<T>?> NextPageAsync(CancellationToken cancellationToken)
    {
        using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        quiet.CancelAfter(QuietCheck);
        try
        {
            return await _pages.Reader.ReadAsync(quiet.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private async IAsyncEnumerable<Positioned<T>> ReadGapAsync(long after, long through, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in JobEvents.ReadLogAsync(_read, after, cancellationToken))
        {
            if (item.Position > through)
            {
                yield break;
            }
            yield return item;
        }
    }

    /// <summary>Unsubscribes.</summary>
    public async ValueTask DisposeAsync()
    {
        _pages.Writer.TryComplete();
        try
        {
            await _handle.UnsubscribeAsync();
        }
        catch (Exception e) when (e is OrleansException or TimeoutException or ObjectDisposedException)
        {
            // The client or silo is going away: the subscription goes with it.
        }
    }

    private sealed class PageObserver(ChannelWriter<JobEventPage<T>> writer) : IAsyncObserver<JobEventPage<T>>
    {
        public Task OnNextAsync(JobEventPage<T> item, StreamSequenceToken? token = null)
        {
            writer.TryWrite(item);
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
}
