using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace JobRuntime.Silo.Apis.Platform;

/// <summary>Bodies of the platform API: JSON lines in (identity or gzip), JSON lines or msgpack out.</summary>
internal static class PlatformHttp
{
    /// <summary>The most text one request body may hold once gunzipped: 64 MiB (a batch of 1,000 items of 64 KiB).</summary>
    public const int MaxBodyChars = 64 << 20;

    /// <summary>The longest line of a body: 2 MiB, twice the largest item or value the seed's client sends (1 MiB).</summary>
    public const int MaxLineChars = 2 << 20;

    // Invalid UTF-8 is refused, not replaced: stored data is what the caller sent.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public const string JsonLines = "application/x-jsonlines; charset=UTF-8";
    public const string MsgPack = "application/x-msgpack; charset=UTF-8";

    /// <summary>
    /// The body's lines, gunzipped when sent with <c>Content-Encoding: gzip</c>; blank lines skipped.
    /// A line over <see cref="MaxLineChars"/> or a body over <see cref="MaxBodyChars"/> gets 413 as
    /// soon as it is seen, so neither is ever held whole (nor is a gzip bomb unpacked).
    /// </summary>
    public static async Task<List<string>> ReadLinesAsync(HttpRequest request)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        await ReadAsync(request, chunk =>
        {
            while (!chunk.IsEmpty)
            {
                var end = chunk.IndexOf('\n');
                var part = end < 0 ? chunk : chunk[..end];
                if (line.Length + part.Length > MaxLineChars)
                {
                    throw new PlatformHttpException(StatusCodes.Status413PayloadTooLarge, $"Line {lines.Count + 1} of the body is longer than {MaxLineChars} characters.");
                }
                line.Append(part);
                if (end < 0)
                {
                    return;
                }
                Add(lines, line);
                chunk = chunk[(end + 1)..];
            }
        });
        Add(lines, line);
        return lines;

        static void Add(List<string> lines, StringBuilder line)
        {
            var trimmed = line.ToString().TrimEnd('\r');
            line.Clear();
            if (trimmed.Length > 0 && !string.IsNullOrWhiteSpace(trimmed))
            {
                lines.Add(trimmed);
            }
        }
    }

    /// <summary>The body as text (gunzipped as <see cref="ReadLinesAsync"/>), at most <see cref="MaxLineChars"/> characters.</summary>
    public static async Task<string> ReadTextAsync(HttpRequest request)
    {
        var text = new StringBuilder();
        await ReadAsync(request, chunk =>
        {
            if (text.Length + chunk.Length > MaxLineChars)
            {
                throw new PlatformHttpException(StatusCodes.Status413PayloadTooLarge, $"The body is longer than {MaxLineChars} characters.");
            }
            text.Append(chunk);
        });
        return text.ToString();
    }

    /// <summary>Decodes the body chunk by chunk into <paramref name="take"/>, refusing more than <see cref="MaxBodyChars"/> in all.</summary>
    private static async Task ReadAsync(HttpRequest request, Action<ReadOnlySpan<char>> take)
    {
        Stream body = request.Body;
        if (request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase))
        {
            body = new GZipStream(body, CompressionMode.Decompress);
        }
        using var reader = new StreamReader(body, StrictUtf8, detectEncodingFromByteOrderMarks: false, bufferSize: 64 << 10);
        var buffer = new char[64 << 10];
        long total = 0;
        try
        {
            int read;
            while ((read = await reader.ReadAsync(buffer, request.HttpContext.RequestAborted)) > 0)
            {
                total += read;
                if (total > MaxBodyChars)
                {
                    throw new PlatformHttpException(StatusCodes.Status413PayloadTooLarge, $"The body is longer than {MaxBodyChars} characters (gunzipped).");
                }
                take(buffer.AsSpan(0, read));
            }
        }
        catch (DecoderFallbackException e)
        {
            throw new PlatformHttpException(StatusCodes.Status400BadRequest, $"The body is not UTF-8: {e.Message}");
        }
        catch (InvalidDataException e)
        {
            throw new PlatformHttpException(StatusCodes.Status400BadRequest, $"The gzip body cannot be read: {e.Message}");
        }
    }

    /// <summary>Parses one JSON value, or fails with 400 naming what it was for.</summary>
    public static JsonNode? Parse(string text, string what)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw new PlatformHttpException(StatusCodes.Status400BadRequest, $"Error parsing {what}: {e.Message}");
        }
    }

    /// <summary>A JSON object line, or 400.</summary>
    public static JsonObject ParseObject(string text, string what) =>
        Parse(text, what) as JsonObject ?? throw new PlatformHttpException(StatusCodes.Status400BadRequest, $"Error parsing {what}: expected a JSON object.");

    /// <summary>Writes JSON lines (each followed by <c>\n</c>); an empty list is an empty body.</summary>
    public static IResult Lines(IEnumerable<string> lines) => new LinesResult(lines);

    /// <summary>One JSON value on one line.</summary>
    public static IResult One(JsonNode? value) => new LinesResult([value?.ToJsonString() ?? "null"], "application/json; charset=UTF-8");

    /// <summary>One JSON value given as text, on one line.</summary>
    public static IResult OneRaw(string json) => new LinesResult([json], "application/json; charset=UTF-8");

    /// <summary>200 with an empty body.</summary>
    public static IResult Empty() => Results.Text("", "text/plain");

    /// <summary>True when the caller asked for msgpack.</summary>
    public static bool WantsMsgPack(HttpRequest request) =>
        request.Headers.Accept.ToString().Contains("application/x-msgpack", StringComparison.OrdinalIgnoreCase);

    public static int? Int(HttpRequest request, string name)
    {
        var text = request.Query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new PlatformHttpException(StatusCodes.Status400BadRequest, $"Query parameter '{name}' must be an integer; it is '{text}'.");
    }

    public static long? Long(HttpRequest request, string name)
    {
        var text = request.Query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new PlatformHttpException(StatusCodes.Status400BadRequest, $"Query parameter '{name}' must be an integer; it is '{text}'.");
    }

    public static string? Text(HttpRequest request, string name) => request.Query[name].ToString() is { Length: > 0 } text ? text : null;

    public static List<string> All(HttpRequest request, string name) => [.. request.Query[name].Where(v => !string.IsNullOrEmpty(v)).Select(v => v!)];

    private sealed class LinesResult(IEnumerable<string> lines, string contentType = JsonLines) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.ContentType = contentType;
            var body = httpContext.Response.BodyWriter;
            var written = 0;
            foreach (var line in lines)
            {
                var bytes = Encoding.UTF8.GetByteCount(line) + 1;
                var span = body.GetSpan(bytes);
                var n = Encoding.UTF8.GetBytes(line, span);
                span[n] = (byte)'\n';
                body.Advance(n + 1);
                if ((written += bytes) > 64 * 1024)
                {
                    await body.FlushAsync(httpContext.RequestAborted);
                    written = 0;
                }
            }
            await body.FlushAsync(httpContext.RequestAborted);
        }
    }
}
