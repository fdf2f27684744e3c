using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Streams;

namespace JobRuntime.Sqlite.Streams;

/// <summary>
/// The cache of a queue is the log itself: it holds nothing, is never under pressure, and its
/// cursors read each stream's events from SQLite.
/// </summary>
internal sealed class SqliteStreamCache(
    string provider,
    SqliteStreamStore store,
    SqliteStreamQueuePosition position,
    int pageSize,
    ILogger logger) : IQueueCache
{
    public int GetMaxAddCount() => QueueAdapterConstants.UNLIMITED_GET_QUEUE_MSG;

    public void AddToCache(IList<IBatchContainer> messages)
    {
    }

    public bool TryPurgeFromCache(out IList<IBatchContainer> purgedItems)
    {
        purgedItems = [];
        return false;
    }

    /// <summary>
    /// A cursor from the token's seq on (inclusive), or, without a token, from the stream's end:
    /// the last seq the receiver has looked at, so that an event not announced yet is not skipped.
    /// </summary>
    public IQueueCacheCursor GetCacheCursor(StreamId streamId, StreamSequenceToken? token)
    {
        if (token is not null)
        {
            return new SqliteStreamCursor(provider, streamId, store, pageSize, logger, token.SequenceNumber - 1, token.SequenceNumber);
        }
        var end = position.LastSeen >= 0 ? position.LastSeen : SqliteStreamCursor.Wait(store.GetLastSequenceAsync(provider, streamId));
        return new SqliteStreamCursor(provider, streamId, store, pageSize, logger, end, null);
    }

    public bool IsUnderPressure() => false;
}
