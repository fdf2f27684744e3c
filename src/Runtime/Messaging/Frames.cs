using System.Text.Json;

namespace JobRuntime.Messaging;

/// <summary>A request frame: a call to a grain (client to silo) or to an observer (silo to client).</summary>
internal readonly record struct RequestHeader(long Id, bool OneWay, bool Cancellable, string Target, string Interface, int Method);

/// <summary>Builds and parses the bodies of the gateway's frames.</summary>
internal static class Frames
{
    private const byte OneWayFlag = 1;
    private const byte CancellableFlag = 2;

    public static byte[] Request(RequestHeader header, CodeGeneration.GrainRequest request, JsonSerializerOptions options)
    {
        using var frame = new FrameWriter(FrameType.Request);
        frame.WriteInt64(header.Id);
        frame.WriteByte((byte)((header.OneWay ? OneWayFlag : 0) | (header.Cancellable ? CancellableFlag : 0)));
        frame.WriteString(header.Target);
        frame.WriteString(header.Interface);
        frame.WriteInt32(header.Method);
        request.WriteArguments(frame.Json, options);
        return frame.ToArray();
    }

    /// <summary>Parses a request header; <paramref name="arguments"/> is the JSON array of arguments.</summary>
    public static RequestHeader ReadRequest(byte[] body, out ReadOnlyMemory<byte> arguments)
    {
        var reader = new FrameReader(body);
        var id = reader.ReadInt64();
        var flags = reader.ReadByte();
        var target = reader.ReadString();
        var @interface = reader.ReadString();
        var method = reader.ReadInt32();
        arguments = body.AsMemory(body.Length - reader.Rest.Length);
        return new RequestHeader(id, (flags & OneWayFlag) != 0, (flags & CancellableFlag) != 0, target, @interface, method);
    }

    public static byte[] Success(long id, object? result, Type resultType, JsonSerializerOptions options)
    {
        using var frame = new FrameWriter(FrameType.Response);
        frame.WriteInt64(id);
        frame.WriteByte(0);
        JsonSerializer.Serialize(frame.Json, result, resultType, options);
        return frame.ToArray();
    }

    public static byte[] Failure(long id, Exception error)
    {
        using var frame = new FrameWriter(FrameType.Response);
        frame.WriteInt64(id);
        frame.WriteByte(1);
        ExceptionCodec.Write(frame.Json, error);
        return frame.ToArray();
    }

    /// <summary>Parses a response: its id, whether it failed, and the JSON of the result or error.</summary>
    public static long ReadResponse(byte[] body, out bool failed, out ReadOnlyMemory<byte> json)
    {
        var reader = new FrameReader(body);
        var id = reader.ReadInt64();
        failed = reader.ReadByte() != 0;
        json = body.AsMemory(body.Length - reader.Rest.Length);
        return id;
    }

    public static byte[] Cancel(long id)
    {
        using var frame = new FrameWriter(FrameType.Cancel);
        frame.WriteInt64(id);
        return frame.ToArray();
    }

    public static long ReadId(byte[] body) => new FrameReader(body).ReadInt64();

    public static byte[] Subscribe(long id, Guid handle, string provider, Streams.StreamId stream, long fromSequence)
    {
        using var frame = new FrameWriter(FrameType.Subscribe);
        frame.WriteInt64(id);
        frame.WriteString(handle.ToString("N"));
        frame.WriteString(provider);
        frame.WriteString(stream.Namespace);
        frame.WriteString(stream.Key);
        frame.WriteInt64(fromSequence);
        return frame.ToArray();
    }

    public static (long Id, Guid Handle, string Provider, Streams.StreamId Stream, long From) ReadSubscribe(byte[] body)
    {
        var reader = new FrameReader(body);
        var id = reader.ReadInt64();
        var handle = ReadGuid(ref reader);
        var provider = reader.ReadString();
        var ns = reader.ReadString();
        var key = reader.ReadString();
        var from = reader.ReadInt64();
        if (ns.Length == 0)
        {
            throw new ProtocolException("A stream namespace cannot be empty.");
        }
        return (id, handle, provider, new Streams.StreamId(ns, key), from);
    }

    public static byte[] Unsubscribe(long id, Guid handle)
    {
        using var frame = new FrameWriter(FrameType.Unsubscribe);
        frame.WriteInt64(id);
        frame.WriteString(handle.ToString("N"));
        return frame.ToArray();
    }

    public static (long Id, Guid Handle) ReadUnsubscribe(byte[] body)
    {
        var reader = new FrameReader(body);
        var id = reader.ReadInt64();
        return (id, ReadGuid(ref reader));
    }

    public static byte[] StreamEvent(Guid handle, long sequence, byte[] stored)
    {
        using var frame = new FrameWriter(FrameType.StreamEvent);
        frame.WriteString(handle.ToString("N"));
        frame.WriteInt64(sequence);
        frame.WriteBytes(stored);
        return frame.ToArray();
    }

    public static (Guid Handle, long Sequence, byte[] Stored) ReadStreamEvent(byte[] body)
    {
        var reader = new FrameReader(body);
        var handle = ReadGuid(ref reader);
        var sequence = reader.ReadInt64();
        return (handle, sequence, reader.ReadBytes().ToArray());
    }

    public static byte[] Publish(long id, string provider, Streams.StreamId stream, IReadOnlyList<byte[]> events)
    {
        using var frame = new FrameWriter(FrameType.Publish);
        frame.WriteInt64(id);
        frame.WriteString(provider);
        frame.WriteString(stream.Namespace);
        frame.WriteString(stream.Key);
        frame.WriteInt32(events.Count);
        foreach (var stored in events)
        {
            frame.WriteBytes(stored);
        }
        return frame.ToArray();
    }

    public static (long Id, string Provider, Streams.StreamId Stream, List<byte[]> Events) ReadPublish(byte[] body)
    {
        var reader = new FrameReader(body);
        var id = reader.ReadInt64();
        var provider = reader.ReadString();
        var ns = reader.ReadString();
        var key = reader.ReadString();
        var count = reader.ReadInt32();
        if (count < 0 || ns.Length == 0)
        {
            throw new ProtocolException("A publish frame has a negative count or an empty namespace.");
        }
        var events = new List<byte[]>(Math.Min(count, 4096));
        for (var i = 0; i < count; i++)
        {
            var stored = reader.ReadBytes().ToArray();
            if (stored.Length == 0)
            {
                throw new ProtocolException("A published event is empty.");
            }
            events.Add(stored);
        }
        return (id, provider, new Streams.StreamId(ns, key), events);
    }

    public static byte[] Empty(FrameType type)
    {
        using var frame = new FrameWriter(type);
        return frame.ToArray();
    }

    private static Guid ReadGuid(ref FrameReader reader)
    {
        var text = reader.ReadString();
        return Guid.TryParseExact(text, "N", out var guid) ? guid : throw new ProtocolException($"'{text}' is not a subscription handle.");
    }
}
