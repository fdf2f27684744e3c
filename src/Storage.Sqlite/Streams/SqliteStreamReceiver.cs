using Orleans.Runtime;
using Orleans.Streams;

namespace JobRuntime.Sqlite.Streams;

/// <summary>
/// Finds what is new in the log by global seq. For each stream of its queue with new events it
/// returns one <see cref="SqliteStreamMarker"/> carrying the first new seq; the subscribers'
/// cursors then read the events from the log.
/// </summary>
internal sealed class SqliteStreamReceiver(
    string provider,
    QueueId queue,
    SqliteStreamLog log,
    IStreamQueueMapper mapper,
    SqliteStreamQueuePosition position,
    TimeSpan startupLookback,
    TimeSpan startupLookbackDelay) : IQueueAdapterReceiver
{
    // The seqs of the look-back, (after, upTo], announced once the delay has passed.
    private (long After, long UpTo, DateTimeOffset Due)? _lookback;

    public async Task Initialize(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        // Older events are not news: subscribers that want them subscribe with a token. Recent ones
        // may have been written while no agent read this queue; announcing them again wakes the
        // subscribers at their own positions (the cursors never deliver an event twice), once the
        // clients of a restarted silo have had time to reconnect.
        var upTo = await log.ReadMaxSequenceAsync(cancellation.Token).ConfigureAwait(false);
        if (startupLookback > TimeSpan.Zero)
        {
            var now = log.TimeProvider.GetUtcNow();
            var after = await log.ReadLastSequenceBeforeAsync(now - startupLookback, cancellation.Token).ConfigureAwait(false);
            if (after < upTo)
            {
                _lookback = (after, upTo, now + startupLookbackDelay);
            }
        }
        position.LastSeen = upTo;
    }

    public async Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount)
    {
        var upTo = await log.ReadMaxSequenceAsync().ConfigureAwait(false);
        var after = position.LastSeen;
        if (after < 0)
        {
            // Initialize failed (the agent goes on regardless): start from now, as it would have.
            position.LastSeen = upTo;
            return [];
        }
        var markers = new List<IBatchContainer>();
        if (_lookback is { } lookback && log.TimeProvider.GetUtcNow() >= lookback.Due)
        {
            _lookback = null;
            await AddMarkersAsync(markers, lookback.After, lookback.UpTo).ConfigureAwait(false);
        }
        if (upTo > after)
        {
            await AddMarkersAsync(markers, after, upTo).ConfigureAwait(false);
            position.LastSeen = upTo;
        }
        return markers;
    }

    private async Task AddMarkersAsync(List<IBatchContainer> markers, long after, long upTo)
    {
        foreach (var start in await log.ReadNewStreamsAsync(provider, after, upTo).ConfigureAwait(false))
        {
            if (mapper.GetQueueForStream(start.Stream).Equals(queue))
            {
                markers.Add(new SqliteStreamMarker(start.Stream, start.FirstSequence));
            }
        }
    }

    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages) => Task.CompletedTask;

    public Task Shutdown(TimeSpan timeout) => Task.CompletedTask;
}
