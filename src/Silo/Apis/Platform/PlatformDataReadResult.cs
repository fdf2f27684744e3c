using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using JobRuntime.Sqlite;
using JobRuntime.Storage.Platform;

namespace JobRuntime.Silo.Apis.Platform;

/// <summary>What a data read returns besides the records: the <c>meta</c> fields, <c>nodata</c>, the format, a filter and a count.</summary>
internal sealed record PlatformDataReadShape(bool WithKey, bool WithTs, bool NoData, bool MsgPack, PlatformFilter Filter, int? Count, bool SkipFirst);

/// <summary>
/// Streams a job data read to the response: pages of records go from the engine's reader straight
/// into the response's pipe (JSON lines copied byte for byte, or transcoded to msgpack), flushed
/// between pages, with no object or string per record.
/// </summary>
internal sealed class PlatformDataReadResult(IPlatformDataStore store, PlatformDataReadParams query, PlatformDataReadShape shape) : IResult
{
    /// <summary>Records per engine read; the response is flushed after each.</summary>
    private const int Page = 5_000;

    /// <summary>Bytes encoded before they are copied to the response.</summary>
    private const int Chunk = 64 * 1024;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.ContentType = shape.MsgPack ? PlatformHttp.MsgPack : PlatformHttp.JsonLines;
        var body = httpContext.Response.BodyWriter;
        // Records are encoded into a buffer of our own and handed to the response in large pieces:
        // the response's writer takes a lock on every span it gives out.
        var output = new ArrayBufferWriter<byte>(Chunk + 4096);
        var written = false;
        void Hand()
        {
            written |= output.WrittenCount > 0;
            body.Write(output.WrittenSpan);
            output.ResetWrittenCount();
        }
        var from = query.From;
        long left = shape.Count ?? long.MaxValue;
        var skip = shape.SkipFirst;
        var keyPrefix = Encoding.UTF8.GetBytes($"{query.Project}/");
        try
        {
            while (left > 0)
            {
                PlatformDataRecordPosition? last = null;
                var limit = shape.Filter.IsEmpty ? (int)Math.Min(Page, Math.Min(left, Page) + (skip ? 1 : 0)) : Page;
                var seen = await store.DataScanAsync(query with { From = from, Limit = limit }, (in PlatformDataRow row) =>
                {
                    last = new PlatformDataRecordPosition(row.Spider, row.Job, row.Index);
                    if (skip)
                    {
                        skip = false;
                        if (last == from)
                        {
                            return;
                        }
                    }
                    if (left <= 0 || (!shape.Filter.IsEmpty && !Matches(row.Data)))
                    {
                        return;
                    }
                    left--;
                    Write(output, row, keyPrefix);
                    if (output.WrittenCount >= Chunk)
                    {
                        Hand();
                    }
                }, httpContext.RequestAborted);
                Hand();
                if (seen < limit || last is not { } position)
                {
                    break;
                }
                from = position with { Index = position.Index + 1 };
                skip = false;
                await body.FlushAsync(httpContext.RequestAborted);
            }
        }
        catch (Exception e) when (!written && !httpContext.Response.HasStarted && e is SqliteStorageException or TimeoutException)
        {
            // Nothing was sent yet: the caller gets the same error as any other request would.
            httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await httpContext.Response.WriteAsJsonAsync(new ApiError($"The silo cannot serve the request now: {e.Message}"), httpContext.RequestAborted);
            return;
        }
        await body.FlushAsync(httpContext.RequestAborted);
    }

    private bool Matches(ReadOnlySpan<byte> data)
    {
        using var document = JsonDocument.Parse(data.ToArray());
        return shape.Filter.Matches(document.RootElement);
    }

    private void Write(IBufferWriter<byte> output, in PlatformDataRow row, byte[] keyPrefix)
    {
        Span<byte> key = stackalloc byte[keyPrefix.Length + 64];
        var keyLength = 0;
        if (shape.WithKey)
        {
            keyPrefix.CopyTo(key);
            keyLength = keyPrefix.Length;
            keyLength += Format(key[keyLength..], row.Spider, (byte)'/');
            keyLength += Format(key[keyLength..], row.Job, (byte)'/');
            Utf8Formatter.TryFormat(row.Index, key[keyLength..], out var n);
            keyLength += n;
        }
        if (shape.MsgPack)
        {
            PlatformMsgPackTranscoder.Write(output, shape.NoData ? "{}"u8 : row.Data, key[..keyLength], shape.WithTs ? row.Timestamp : null);
            return;
        }
        WriteLine(output, row, key[..keyLength]);
    }

    private void WriteLine(IBufferWriter<byte> output, in PlatformDataRow row, ReadOnlySpan<byte> key)
    {
        var data = row.Data;
        if ((!shape.WithKey && !shape.WithTs && !shape.NoData) || data.IsEmpty || data[0] != (byte)'{')
        {
            Append(output, data);
            Append(output, "\n"u8);
            return;
        }
        // {"_key":"p/s/j/i","_ts":t, then the record's own members (none with nodata).
        Append(output, "{"u8);
        if (shape.WithKey)
        {
            Append(output, "\"_key\":\""u8);
            Append(output, key);
            Append(output, "\""u8);
        }
        if (shape.WithTs)
        {
            Append(output, shape.WithKey ? ",\"_ts\":"u8 : "\"_ts\":"u8);
            var span = output.GetSpan(20);
            Utf8Formatter.TryFormat(row.Timestamp, span, out var n);
            output.Advance(n);
        }
        var rest = data[1..].TrimStart(" \t\r\n"u8);
        if (shape.NoData || rest.StartsWith("}"u8))
        {
            Append(output, "}\n"u8);
            return;
        }
        Append(output, shape.WithKey || shape.WithTs ? ","u8 : ""u8);
        Append(output, rest);
        Append(output, "\n"u8);
    }

    private static int Format(Span<byte> into, int value, byte separator)
    {
        Utf8Formatter.TryFormat(value, into, out var n);
        into[n] = separator;
        return n + 1;
    }

    private static void Append(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        var span = output.GetSpan(bytes.Length);
        bytes.CopyTo(span);
        output.Advance(bytes.Length);
    }
}
