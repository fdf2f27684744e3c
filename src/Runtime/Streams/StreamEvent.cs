using JobRuntime.Serialization;

namespace JobRuntime.Streams;

/// <summary>What a stream event carries.</summary>
internal enum StreamEventKind : byte
{
    Item = (byte)'I',
    Completed = (byte)'C',
    Error = (byte)'E',
}

/// <summary>
/// One event of a stream: its sequence number, kind and serialized payload (the stored form is
/// the kind byte followed by JSON). Immutable items also keep the object, to skip deserializing.
/// </summary>
internal sealed class StreamEvent(long sequence, StreamEventKind kind, byte[] stored, object? item)
{
    public long Sequence { get; set; } = sequence;

    public StreamEventKind Kind { get; } = kind;

    /// <summary>Kind byte + JSON, as stored.</summary>
    public byte[] Stored { get; } = stored;

    public object? Item { get; } = item;

    public StreamSequenceToken Token => new(Sequence);

    public static StreamEvent ForItem<T>(T item, GrainSerializer serializer)
    {
        var json = serializer.Serialize(item);
        return new StreamEvent(0, StreamEventKind.Item, Prefix(StreamEventKind.Item, json), ImmutableType<T>.Value ? item : null);
    }

    public static StreamEvent ForCompleted() => new(0, StreamEventKind.Completed, [(byte)StreamEventKind.Completed], null);

    public static StreamEvent ForError(Exception error, GrainSerializer serializer)
    {
        var json = serializer.Serialize(new StreamError(error.GetType().FullName ?? error.GetType().Name, error.Message));
        return new StreamEvent(0, StreamEventKind.Error, Prefix(StreamEventKind.Error, json), null);
    }

    public static StreamEvent FromStored(StoredStreamEvent stored)
    {
        var kind = stored.Payload.Length > 0 ? (StreamEventKind)stored.Payload[0] : StreamEventKind.Completed;
        return new StreamEvent(stored.Sequence, kind, stored.Payload, null);
    }

    /// <summary>An event in its stored form received from a client.</summary>
    /// <exception cref="Messaging.ProtocolException">The kind byte is unknown.</exception>
    public static StreamEvent FromWire(byte[] stored)
    {
        var kind = (StreamEventKind)stored[0];
        if (kind is not (StreamEventKind.Item or StreamEventKind.Completed or StreamEventKind.Error))
        {
            throw new Messaging.ProtocolException($"Stream event kind {stored[0]} is unknown.");
        }
        return new StreamEvent(0, kind, stored, null);
    }

    public T ReadItem<T>(GrainSerializer serializer) =>
        Item is T item ? item : serializer.Deserialize<T>(Stored.AsSpan(1));

    public Exception ReadError(GrainSerializer serializer)
    {
        var error = serializer.Deserialize<StreamError>(Stored.AsSpan(1));
        return new RemoteGrainException(error.Type, error.Message);
    }

    private static byte[] Prefix(StreamEventKind kind, byte[] json)
    {
        var stored = new byte[json.Length + 1];
        stored[0] = (byte)kind;
        json.CopyTo(stored, 1);
        return stored;
    }

    private sealed record StreamError(string Type, string Message);
}
