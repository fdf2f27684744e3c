using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace JobRuntime.Messaging;

/// <summary>Builds one frame in a pooled buffer: length prefix, type, binary fields, then JSON.</summary>
internal sealed class FrameWriter : IDisposable
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private Utf8JsonWriter? _json;

    public FrameWriter(FrameType type)
    {
        _buffer.GetSpan(Protocol.LengthSize + 1);
        _buffer.Advance(Protocol.LengthSize);
        WriteByte((byte)type);
    }

    public void WriteByte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }

    public void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    /// <summary>A UTF-8 string with a 4-byte length.</summary>
    public void WriteString(string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        WriteInt32(count);
        Encoding.UTF8.GetBytes(value, _buffer.GetSpan(count));
        _buffer.Advance(count);
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        WriteInt32(bytes.Length);
        bytes.CopyTo(_buffer.GetSpan(bytes.Length));
        _buffer.Advance(bytes.Length);
    }

    /// <summary>The JSON tail of the frame (everything after the binary fields).</summary>
    public Utf8JsonWriter Json => _json ??= new Utf8JsonWriter(_buffer);

    /// <summary>The finished frame, with its length filled in.</summary>
    public byte[] ToArray()
    {
        _json?.Flush();
        var frame = _buffer.WrittenSpan.ToArray();
        BinaryPrimitives.WriteInt32BigEndian(frame, frame.Length - Protocol.LengthSize);
        return frame;
    }

    public static byte[] JsonFrame<T>(FrameType type, T body, JsonSerializerOptions options)
    {
        using var writer = new FrameWriter(type);
        JsonSerializer.Serialize(writer.Json, body, options);
        return writer.ToArray();
    }

    public void Dispose() => _json?.Dispose();
}
