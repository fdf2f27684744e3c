using System.Text.Json;
using Orleans.Providers.Streams.Common;
using Orleans.Runtime;
using Orleans.Streams;

namespace JobRuntime.Sqlite.Streams;

/// <summary>
/// Consecutive events of one stream on their way to a subscriber, each with its seq as its token
/// and its payload, JSON written with <see cref="JsonSerializerOptions.Web"/>, read as the
/// subscriber's type. The container's token is its LAST event's: Orleans records a container's
/// token as the subscriber's position, and a position must not cover events not yet delivered.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("JobRuntime.Sqlite.Streams.SqliteStreamEvents")]
internal sealed class SqliteStreamEvents : IBatchContainer
{
    public SqliteStreamEvents(StreamId streamId, EventSequenceTokenV2 token, long[] sequences, byte[][] payloads)
    {
        StreamId = streamId;
        Token = token;
        Sequences = sequences;
        Payloads = payloads;
    }

    [Id(0)]
    public StreamId StreamId { get; }

    [Id(1)]
    public EventSequenceTokenV2 Token { get; }

    [Id(2)]
    public long[] Sequences { get; }

    [Id(3)]
    public byte[][] Payloads { get; }

    public StreamSequenceToken SequenceToken => Token;

    /// <summary>Events <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> - 1 of a page read from the log.</summary>
    public static SqliteStreamEvents From(StreamId streamId, IReadOnlyList<StoredStreamEvent> page, int start, int count)
    {
        var sequences = new long[count];
        var payloads = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            sequences[i] = page[start + i].Sequence;
            payloads[i] = page[start + i].Payload;
        }
        return new SqliteStreamEvents(streamId, new EventSequenceTokenV2(sequences[^1]), sequences, payloads);
    }

    /// <summary>No events, standing for the position after <paramref name="sequence"/> (see <see cref="SqliteStreamCursor"/>).</summary>
    public static SqliteStreamEvents Empty(StreamId streamId, long sequence) =>
        new(streamId, new EventSequenceTokenV2(sequence), [], []);

    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>()
    {
        for (var i = 0; i < Payloads.Length; i++)
        {
            yield return Tuple.Create(
                JsonSerializer.Deserialize<T>(Payloads[i], JsonSerializerOptions.Web)!,
                (StreamSequenceToken)new EventSequenceTokenV2(Sequences[i]));
        }
    }

    public bool ImportRequestContext() => false;
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
