using JobRuntime.GrainInterfaces.Streams;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Streams;

namespace JobRuntime.Sqlite.Streams;

/// <summary>
/// Reads one stream's events from the log in pages, after a seq; each page goes out as one
/// container. When it reaches the end it reports no more events; asked again later, it reads on
/// from where it stopped.
/// </summary>
/// <remarks>
/// A cursor opened at a token first yields a container of the token's event alone. The pulling
/// agent opens a cursor at a subscriber's position in two ways: to start there (the event is
/// delivered), or after the subscriber said it already has that event (the agent skips the
/// cursor's first container). Either way no event is delivered twice and none is skipped. When
/// the stream has no event at that seq (seqs are global; it may not be issued yet) the first
/// container is empty and stands for the seq before, so that it never marks a later event as had.
/// </remarks>
internal sealed partial class SqliteStreamCursor : IQueueCacheCursor
{
    private readonly string _provider;
    private readonly StreamId _stream;
    private readonly SqliteStreamStore _store;
    private readonly int _pageSize;
    private readonly ILogger _logger;
    private IReadOnlyList<StoredStreamEvent> _page = [];
    private int _next;
    private long _after;
    private long? _position;
    private JsonStreamEventPage? _current;

    // position: the token's seq, or null to start after "after" with no positioning container.
    public SqliteStreamCursor(string provider, StreamId stream, SqliteStreamStore store, int pageSize, ILogger logger, long after, long? position)
    {
        _logger = logger;
        _provider = provider;
        _stream = stream;
        _store = store;
        _pageSize = pageSize;
        _after = after;
        _position = position;
    }

    public IBatchContainer GetCurrent(out Exception exception)
    {
        exception = null!;
        return _current!;
    }

    public bool MoveNext()
    {
        if (_next >= _page.Count)
        {
            IReadOnlyList<StoredStreamEvent> page;
            try
            {
                page = Wait(_store.ReadAsync(_provider, _stream, _after, _pageSize));
            }
            catch (SqliteStorageException e)
            {
                // Thrown out of here, the agent would restart this subscriber at the stream's end and
                // skip the events in between. As "nothing yet", the stream's next event retries from here.
                LogReadFailed(_logger, _provider, _stream, e.Message);
                return false;
            }
            if (page.Count == 0)
            {
                if (_position is { } empty)
                {
                    _position = null;
                    _current = SqliteStreamEvents.Empty(_stream, empty - 1);
                    return true;
                }
                return false;
            }
            _page = page;
            _next = 0;
            _after = page[^1].Sequence;
        }
        if (_position is { } position)
        {
            _position = null;
            var found = _page[_next].Sequence == position;
            _current = found ? SqliteStreamEvents.From(_stream, _page, _next, 1) : SqliteStreamEvents.Empty(_stream, position - 1);
            _next += found ? 1 : 0;
            return true;
        }
        _current = SqliteStreamEvents.From(_stream, _page, _next, _page.Count - _next);
        _next = _page.Count;
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

    [LoggerMessage(1, LogLevel.Warning, "Stream provider '{Provider}' could not read stream {Stream} from the log; its subscribers get its events once the stream has a new event: {Reason}")]
    private static partial void LogReadFailed(ILogger logger, string provider, StreamId stream, string reason);
}
