using System.Buffers.Binary;
using System.Text;

namespace JobRuntime.Messaging;

/// <summary>Reads the fields of one frame body; every read checks bounds and throws <see cref="ProtocolException"/> on a short frame.</summary>
internal ref struct FrameReader(ReadOnlySpan<byte> body)
{
    private readonly ReadOnlySpan<byte> _body = body;
    private int _position;

    public readonly ReadOnlySpan<byte> Rest => _body[_position..];

    public byte ReadByte()
    {
        Need(1);
        return _body[_position++];
    }

    public long ReadInt64()
    {
        Need(8);
        var value = BinaryPrimitives.ReadInt64BigEndian(_body[_position..]);
        _position += 8;
        return value;
    }

    public int ReadInt32()
    {
        Need(4);
        var value = BinaryPrimitives.ReadInt32BigEndian(_body[_position..]);
        _position += 4;
        return value;
    }

    public string ReadString()
    {
        var bytes = ReadBytes();
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new ProtocolException($"A string field is not valid UTF-8: {e.Message}");
        }
    }

    public ReadOnlySpan<byte> ReadBytes()
    {
        var count = ReadInt32();
        if (count < 0)
        {
            throw new ProtocolException($"A field length is negative ({count}).");
        }
        Need(count);
        var bytes = _body.Slice(_position, count);
        _position += count;
        return bytes;
    }

    private readonly void Need(int count)
    {
        if (_body.Length - _position < count)
        {
            throw new ProtocolException($"The frame ends early: {count} more bytes expected at offset {_position} of {_body.Length}.");
        }
    }
}

/// <summary>A peer broke the gateway protocol (malformed or oversized frame, wrong order); the connection is closed.</summary>
public sealed class ProtocolException(string message) : JobRuntimeException(message);
