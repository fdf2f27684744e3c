using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;

namespace JobRuntime.Silo.Apis.Platform;

/// <summary>
/// A stored JSON record straight to msgpack over <see cref="Utf8JsonReader"/>, with the same output
/// as <see cref="PlatformMsgPack.Write"/> and no document or string per record. Map and array
/// headers need their sizes first: a copy of the reader counts each container before it is written.
/// </summary>
internal static class PlatformMsgPackTranscoder
{
    /// <summary>Writes one JSON record; when it is an object, <c>_key</c> and <c>_ts</c> are appended as members when given.</summary>
    public static void Write(IBufferWriter<byte> output, ReadOnlySpan<byte> json, ReadOnlySpan<byte> key, long? ts)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        var extra = (key.IsEmpty ? 0 : 1) + (ts is null ? 0 : 1);
        if (reader.TokenType != JsonTokenType.StartObject || extra == 0)
        {
            Value(output, ref reader);
            return;
        }
        PlatformMsgPack.WriteMapHeader(output, CountMembers(reader) + extra);
        Members(output, ref reader);
        if (!key.IsEmpty)
        {
            PlatformMsgPack.WriteString(output, "_key"u8);
            PlatformMsgPack.WriteString(output, key);
        }
        if (ts is { } t)
        {
            PlatformMsgPack.WriteString(output, "_ts"u8);
            PlatformMsgPack.WriteInteger(output, t);
        }
    }

    private static void Value(IBufferWriter<byte> output, ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                PlatformMsgPack.WriteMapHeader(output, CountMembers(reader));
                Members(output, ref reader);
                break;
            case JsonTokenType.StartArray:
                PlatformMsgPack.WriteHeader(output, CountItems(reader), 0x90, 15, 0xdc, 0xdd);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    Value(output, ref reader);
                }
                break;
            case JsonTokenType.String:
                String(output, ref reader);
                break;
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out var integer))
                {
                    PlatformMsgPack.WriteInteger(output, integer);
                }
                else
                {
                    var span = output.GetSpan(9);
                    span[0] = 0xcb;
                    BinaryPrimitives.WriteDoubleBigEndian(span[1..], reader.GetDouble());
                    output.Advance(9);
                }
                break;
            case JsonTokenType.True:
                PlatformMsgPack.Byte(output, 0xc3);
                break;
            case JsonTokenType.False:
                PlatformMsgPack.Byte(output, 0xc2);
                break;
            default:
                PlatformMsgPack.Byte(output, 0xc0);
                break;
        }
    }

    // At a StartObject: writes its members and leaves the reader on its EndObject.
    private static void Members(IBufferWriter<byte> output, ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            String(output, ref reader);
            reader.Read();
            Value(output, ref reader);
        }
    }

    // The reader is passed by value: counting moves a copy, not the caller's position.
    private static int CountMembers(Utf8JsonReader reader)
    {
        var count = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            reader.Read();
            reader.Skip();
            count++;
        }
        return count;
    }

    private static int CountItems(Utf8JsonReader reader)
    {
        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            reader.Skip();
            count++;
        }
        return count;
    }

    private static void String(IBufferWriter<byte> output, ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            PlatformMsgPack.WriteString(output, reader.ValueSpan);
            return;
        }
        // Unescaped text is never longer than its escaped form.
        var rented = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
        try
        {
            var length = reader.CopyString(rented);
            PlatformMsgPack.WriteString(output, rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
