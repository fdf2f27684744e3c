using Orleans.Providers.Streams.Common;
using Orleans.Runtime;
using Orleans.Streams;

namespace JobRuntime.Sqlite.Streams;

/// <summary>
/// Reads one stream's events from the log in pages, after a seq. When it reaches the end it
/// reports no more events; asked again later, it reads on from where it stopped.
/// </summary>
internal sealed class SqliteStreamCursor(
    string provider,
    StreamId stream,
    SqliteStreamStore store,
    int pageSize,
    long after) : IQueueCacheCursor
{
    private IReadOnlyList<StoredStreamEvent> _page = [];
    private int _index = -1;
    private long _after = after;
    private SqliteStreamEvent? _current;

    public IBatchContainer GetCurrent(out Exception exception)
    {
        exception = null!;
        return _current!;
    }

    public bool MoveNext()
    {
        if (_index + 1 >= _page.Count)
        {
            var page = Wait(store.ReadAsync(provider, stream, _after, pageSize));
            if (page.Count == 0)
            {
                return false;
            }
            _page = page;
            _index = -1;
            _after = page[^1].Sequence;
        }
        var next = _page[++_index];
        _current = new SqliteStreamEvent(stream, new EventSequenceTokenV2(next.Sequence), next.Payload);
        return true;
    }

    // New events are read by MoveNext itself.
    public void Refresh(StreamSequenceToken token)
    {
    }

    public void RecordDeliveryFailure()
    {
    }

    public void Dispose()
    {
    }

    /// <summary>
    /// The pulling agent asks a cursor for events synchronously. A SQLite read completes on the
    /// calling thread once the file is open (the receiver opened it), so this rarely blocks.
    /// </summary>
    internal static T Wait<T>(Task<T> read) => read.GetAwaiter().GetResult();
}
