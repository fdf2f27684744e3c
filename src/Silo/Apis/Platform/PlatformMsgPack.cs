using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace JobRuntime.Silo.Apis.Platform;

/// <summary>
/// JSON to msgpack, as the seed's client reads it: strings as str (never bin), integers in their
/// smallest form, other numbers as float 64, one object after another without an enclosing array.
/// </summary>
internal static class PlatformMsgPack
{
    /// <summary>Writes one JSON value, with extra string-valued members appended when it is an object.</summary>
    public static void Write(IBufferWriter<byte> output, JsonElement value, IReadOnlyList<KeyValuePair<string, object>>? extra = null)
    {
        if (value.ValueKind == JsonValueKind.Object && extra is { Count: > 0 })
        {
            var count = 0;
            foreach (var _ in value.EnumerateObject())
            {
                count++;
            }
            WriteMapHeader(output, count + extra.Count);
            foreach (var property in value.EnumerateObject())
            {
                WriteString(output, property.Name);
                Write(output, property.Value);
            }
            foreach (var (key, v) in extra)
            {
                WriteString(output, key);
                if (v is string s)
                {
                    WriteString(output, s);
                }
                else
                {
                    WriteInteger(output, Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture));
                }
            }
            return;
        }
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var n = 0;
                foreach (var _ in value.EnumerateObject())
                {
                    n++;
                }
                WriteMapHeader(output, n);
                foreach (var property in value.EnumerateObject())
                {
                    WriteString(output, property.Name);
                    Write(output, property.Value);
                }
                break;
            case JsonValueKind.Array:
                WriteHeader(output, value.GetArrayLength(), 0x90, 15, 0xdc, 0xdd);
                foreach (var item in value.EnumerateArray())
                {
                    Write(output, item);
                }
                break;
            case JsonValueKind.String:
                WriteString(output, value.GetString()!);
                break;
            case JsonValueKind.Number:
                if (value.TryGetInt64(out var integer))
                {
                    WriteInteger(output, integer);
                }
                else
                {
                    var span = output.GetSpan(9);
                    span[0] = 0xcb;
                    BinaryPrimitives.WriteDoubleBigEndian(span[1..], value.GetDouble());
                    output.Advance(9);
                }
                break;
            case JsonValueKind.True:
                Byte(output, 0xc3);
                break;
            case JsonValueKind.False:
                Byte(output, 0xc2);
                break;
            default:
                Byte(output, 0xc0);
                break;
        }
    }

    /// <summary>The size of a string in msgpack (header and UTF-8 bytes).</summary>
    public static int StringSize(string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        return length + (length < 32 ? 1 : length < 256 ? 2 : length < 65536 ? 3 : 5);
    }

    /// <summary>The size of a JSON value in msgpack.</summary>
    public static int Size(JsonElement value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Write(buffer, value);
        return buffer.WrittenCount;
    }

    internal static void WriteMapHeader(IBufferWriter<byte> output, int count) => WriteHeader(output, count, 0x80, 15, 0xde, 0xdf);

    internal static void WriteHeader(IBufferWriter<byte> output, int count, byte fix, int fixMax, byte b16, byte b32)
    {
        var span = output.GetSpan(5);
        if (count <= fixMax)
        {
            span[0] = (byte)(fix | count);
            output.Advance(1);
        }
        else if (count <= ushort.MaxValue)
        {
            span[0] = b16;
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)count);
            output.Advance(3);
        }
        else
        {
            span[0] = b32;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)count);
            output.Advance(5);
        }
    }

    private static void WriteString(IBufferWriter<byte> output, string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        var span = output.GetSpan(length + 5);
        var header = WriteStringHeader(span, length);
        Encoding.UTF8.GetBytes(text, span[header..]);
        output.Advance(header + length);
    }

    /// <summary>Writes a str of UTF-8 bytes.</summary>
    internal static void WriteString(IBufferWriter<byte> output, ReadOnlySpan<byte> utf8)
    {
        var span = output.GetSpan(utf8.Length + 5);
        var header = WriteStringHeader(span, utf8.Length);
        utf8.CopyTo(span[header..]);
        output.Advance(header + utf8.Length);
    }

    private static int WriteStringHeader(Span<byte> span, int length)
    {
        int header;
        if (length < 32)
        {
            span[0] = (byte)(0xa0 | length);
            header = 1;
        }
        else if (length < 256)
        {
            span[0] = 0xd9;
            span[1] = (byte)length;
            header = 2;
        }
        else if (length < 65536)
        {
            span[0] = 0xda;
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)length);
            header = 3;
        }
        else
        {
            span[0] = 0xdb;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)length);
            header = 5;
        }
        return header;
    }

    internal static void WriteInteger(IBufferWriter<byte> output, long value)
    {
        var span = output.GetSpan(9);
        switch (value)
        {
            case >= 0 and < 128: span[0] = (byte)value; output.Advance(1); break;
            case >= -32 and < 0: span[0] = (byte)(sbyte)value; output.Advance(1); break;
            case >= 0 and <= byte.MaxValue: span[0] = 0xcc; span[1] = (byte)value; output.Advance(2); break;
            case >= 0 and <= ushort.MaxValue: span[0] = 0xcd; BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)value); output.Advance(3); break;
            case >= 0 and <= uint.MaxValue: span[0] = 0xce; BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)value); output.Advance(5); break;
            case >= 0: span[0] = 0xcf; BinaryPrimitives.WriteUInt64BigEndian(span[1..], (ulong)value); output.Advance(9); break;
            case >= sbyte.MinValue: span[0] = 0xd0; span[1] = (byte)(sbyte)value; output.Advance(2); break;
            case >= short.MinValue: span[0] = 0xd1; BinaryPrimitives.WriteInt16BigEndian(span[1..], (short)value); output.Advance(3); break;
            case >= int.MinValue: span[0] = 0xd2; BinaryPrimitives.WriteInt32BigEndian(span[1..], (int)value); output.Advance(5); break;
            default: span[0] = 0xd3; BinaryPrimitives.WriteInt64BigEndian(span[1..], value); output.Advance(9); break;
        }
    }

    internal static void Byte(IBufferWriter<byte> output, byte value)
    {
        output.GetSpan(1)[0] = value;
        output.Advance(1);
    }
}
