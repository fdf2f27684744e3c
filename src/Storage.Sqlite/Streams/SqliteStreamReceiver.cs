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
    TimeSpan startupLookback) : IQueueAdapterReceiver
{
    public async Task Initialize(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        // Older events are not news: subscribers that want them subscribe with a token. Recent ones
        // may have been written while no agent read this queue; announcing them again wakes the
        // subscribers at their own positions (the cursors never deliver an event twice).
        position.LastSeen = startupLookback > TimeSpan.Zero
            ? await log.ReadLastSequenceBeforeAsync(log.TimeProvider.GetUtcNow() - startupLookback, cancellation.Token).ConfigureAwait(false)
            : await log.ReadMaxSequenceAsync(cancellation.Token).ConfigureAwait(false);
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
        if (upTo <= after)
        {
            return [];
        }
        var starts = await log.ReadNewStreamsAsync(provider, after, upTo).ConfigureAwait(false);
        position.LastSeen = upTo;
        var markers = new List<IBatchContainer>(starts.Count);
        foreach (var start in starts)
        {
            if (mapper.GetQueueForStream(start.Stream).Equals(queue))
            {
                markers.Add(new SqliteStreamMarker(start.Stream, start.FirstSequence));
            }
        }
        return markers;
    }

    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages) => Task.CompletedTask;

    public Task Shutdown(TimeSpan timeout) => Task.CompletedTask;
}
