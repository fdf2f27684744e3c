using System.IO.Compression;
using System.Text.Json;
using System.Text.Unicode;
using JobRuntime.GrainInterfaces.Platform;
using JobRuntime.Storage.Platform;

namespace JobRuntime.Silo.Apis.Platform;

/// <summary>
/// A data upload's body read as one UTF-8 buffer (gunzipped when sent gzip), its non-blank lines
/// checked as JSON records and packed one after another: no string per line on the way to the engine.
/// </summary>
internal static class PlatformUpload
{
    /// <summary>The largest body read, once gunzipped (as every platform body).</summary>
    private const int MaxBody = PlatformHttp.MaxBodyChars;

    /// <summary>The body's records; 400 when one is not a JSON object (an array for samples), 413 past the size limit.</summary>
    public static async Task<PlatformRecords> ReadAsync(HttpRequest request, PlatformDataKind kind)
    {
        var (buffer, length) = await ReadBodyAsync(request);
        var text = buffer.AsSpan(0, length);
        if (text.StartsWith("\uFEFF"u8))
        {
            text = text[3..];
        }
        if (!Utf8.IsValid(text))
        {
            throw new PlatformHttpException(StatusCodes.Status400BadRequest, "The body is not UTF-8.");
        }
        // Lines are packed to the front of the buffer they came in (copying forward over what was read).
        var ends = new List<int>(Math.Max(16, length / 64));
        var written = 0;
        while (!text.IsEmpty)
        {
            var newline = text.IndexOf((byte)'\n');
            var line = newline < 0 ? text : text[..newline];
            text = newline < 0 ? [] : text[(newline + 1)..];
            line = line.TrimEnd((byte)'\r');
            if (line.IndexOfAnyExcept(" \t\r\f\v"u8) < 0)
            {
                continue;
            }
            Validate(line, kind);
            line.CopyTo(buffer.AsSpan(written));
            written += line.Length;
            ends.Add(written);
        }
        return new PlatformRecords(buffer, [.. ends]);
    }

    private static void Validate(ReadOnlySpan<byte> line, PlatformDataKind kind)
    {
        var reader = new Utf8JsonReader(line);
        try
        {
            reader.Read();
            var expected = kind == PlatformDataKind.Samples ? JsonTokenType.StartArray : JsonTokenType.StartObject;
            if (reader.TokenType != expected)
            {
                throw new PlatformHttpException(400, $"Error parsing data: each {kind.ToString().ToLowerInvariant()} record must be a JSON {(kind == PlatformDataKind.Samples ? "array" : "object")}.");
            }
            reader.Skip();
            if (reader.Read())
            {
                throw new JsonException("more than one JSON value on a line");
            }
        }
        catch (JsonException e)
        {
            throw new PlatformHttpException(400, $"Error parsing data: {e.Message}");
        }
    }

    private static async Task<(byte[] Buffer, int Length)> ReadBodyAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxBody)
        {
            throw new PlatformHttpException(StatusCodes.Status413PayloadTooLarge, $"The body is larger than {MaxBody} bytes.");
        }
        var gzip = request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase);
        Stream body = gzip ? new GZipStream(request.Body, CompressionMode.Decompress) : request.Body;
        // Gzip bodies of JSON lines are typically 5-10 times smaller than what they hold.
        var buffer = new byte[Math.Clamp((request.ContentLength ?? 64 << 10) * (gzip ? 8 : 1) + 1, 1024, 64L << 20)];
        var length = 0;
        var lineStart = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length >= MaxBody)
                    {
                        throw new PlatformHttpException(StatusCodes.Status413PayloadTooLarge, $"The body is larger than {MaxBody} bytes.");
                    }
                    Array.Resize(ref buffer, (int)Math.Min(MaxBody + 1L, buffer.Length * 2L));
                }
                var n = await body.ReadAsync(buffer.AsMemory(length), request.HttpContext.RequestAborted);
                if (n == 0)
                {
                    return (buffer, length);
                }
                // A line past the limit is refused as it arrives, not once the whole body is in.
                var newline = buffer.AsSpan(length, n).LastIndexOf((byte)'\n');
                length += n;
                lineStart = newline < 0 ? lineStart : length - n + newline + 1;
                if (length - lineStart > PlatformHttp.MaxLineChars)
                {
                    throw new PlatformHttpException(StatusCodes.Status413PayloadTooLarge, $"A line of the body is longer than {PlatformHttp.MaxLineChars} bytes.");
                }
            }
        }
        catch (InvalidDataException e)
        {
            throw new PlatformHttpException(StatusCodes.Status400BadRequest, $"The gzip body cannot be read: {e.Message}");
        }
        finally
        {
            if (gzip)
            {
                await body.DisposeAsync();
            }
        }
    }
}
