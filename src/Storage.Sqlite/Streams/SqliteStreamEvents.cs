using JobRuntime.GrainInterfaces.Streams;
using Orleans.Providers.Streams.Common;
using Orleans.Runtime;
using Orleans.Streams;

namespace JobRuntime.Sqlite.Streams;

/// <summary>Pages of the log as the batch containers subscribers receive.</summary>
internal static class SqliteStreamEvents
{
    /// <summary>Events <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> - 1 of a page read from the log.</summary>
    public static JsonStreamEventPage From(StreamId streamId, IReadOnlyList<StoredStreamEvent> page, int start, int count)
    {
        var sequences = new long[count];
        var payloads = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            sequences[i] = page[start + i].Sequence;
            payloads[i] = page[start + i].Payload;
        }
        return new JsonStreamEventPage(streamId, new EventSequenceTokenV2(sequences[^1]), sequences, payloads);
    }

    /// <summary>No events, standing for the position after <paramref name="sequence"/> (see <see cref="SqliteStreamCursor"/>).</summary>
    public static JsonStreamEventPage Empty(StreamId streamId, long sequence) => JsonStreamEventPage.Empty(streamId, sequence);
}

/// <summary>
/// Tells the pulling agent that a stream has events from a seq on. It is never delivered: the
/// agent only registers the stream and wakes its cursors, which read the events themselves.
/// </summary>
internal sealed class SqliteStreamMarker(StreamId streamId, long firstSequence) : IBatchContainer
{
    public StreamId StreamId { get; } = streamId;

    public StreamSequenceToken SequenceToken { get; } = new EventSequenceTokenV2(firstSequence);

    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>() => [];

    public bool ImportRequestContext() => false;
}
