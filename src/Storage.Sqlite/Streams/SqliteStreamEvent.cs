using System.Text.Json;
using Orleans.Providers.Streams.Common;
using Orleans.Runtime;
using Orleans.Streams;

namespace JobRuntime.Sqlite.Streams;

/// <summary>
/// One event of the log on its way to a subscriber: its stream, its seq as the token and its
/// payload, JSON written with <see cref="JsonSerializerOptions.Web"/>, read as the subscriber's type.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("JobRuntime.Sqlite.Streams.SqliteStreamEvent")]
internal sealed class SqliteStreamEvent : IBatchContainer
{
    public SqliteStreamEvent(StreamId streamId, EventSequenceTokenV2 token, byte[] payload)
    {
        StreamId = streamId;
        Token = token;
        Payload = payload;
    }

    [Id(0)]
    public StreamId StreamId { get; }

    [Id(1)]
    public EventSequenceTokenV2 Token { get; }

    [Id(2)]
    public byte[] Payload { get; }

    public StreamSequenceToken SequenceToken => Token;

    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>() =>
        [Tuple.Create(JsonSerializer.Deserialize<T>(Payload, JsonSerializerOptions.Web)!, (StreamSequenceToken)Token)];

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
