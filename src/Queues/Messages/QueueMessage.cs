using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace JobRuntime.Queues;

/// <summary>
/// A task in ai4s.jobq's message format: <c>{"version": 1, "kwargs": {...}, "num_retries": n, "id": "..."}</c>,
/// plus <c>"error"</c> on messages in a dead-letter queue. The id is the MD5 (lowercase hex) of the
/// kwargs' compact JSON by default, so the same task always gets the same id.
/// </summary>
/// <param name="Kwargs">The task's keyword arguments (an object; a shell task is <c>{"cmd": "..."}</c>).</param>
/// <param name="NumRetries">How many more times it is retried after a failure.</param>
/// <param name="Id">The task id.</param>
/// <param name="Error">Why it failed, on dead-lettered messages.</param>
public sealed record QueueMessage(JsonElement Kwargs, int NumRetries, string Id, string? Error = null)
{
    /// <summary>The format version written.</summary>
    public const int Version = 1;

    /// <summary>A task from kwargs; a JSON string becomes <c>{"cmd": s}</c>.</summary>
    /// <param name="kwargs">The kwargs.</param>
    /// <param name="numRetries">Retries after a failure.</param>
    /// <param name="randomId">A random id (a GUID without hyphens) instead of the MD5 of the kwargs.</param>
    public static QueueMessage Create(JsonElement kwargs, int numRetries = 1, bool randomId = false)
    {
        if (kwargs.ValueKind == JsonValueKind.String)
        {
            return Command(kwargs.GetString()!, numRetries, randomId);
        }
        ArgumentOutOfRangeException.ThrowIfNegative(numRetries);
        var json = kwargs.GetRawText();
        var compact = JsonSerializer.SerializeToElement(JsonNode.Parse(json));
        return new QueueMessage(compact, numRetries, randomId ? NewRandomId() : Md5(compact.GetRawText()));
    }

    /// <summary>A shell task: <c>{"cmd": command}</c>.</summary>
    public static QueueMessage Command(string command, int numRetries = 1, bool randomId = false)
    {
        ArgumentNullException.ThrowIfNull(command);
        var kwargs = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["cmd"] = command });
        return Create(kwargs, numRetries, randomId);
    }

    /// <summary>Any object serialized as kwargs (camel case is not applied: property names stay as written).</summary>
    public static QueueMessage FromObject<T>(T kwargs, int numRetries = 1, bool randomId = false) =>
        Create(JsonSerializer.SerializeToElement(kwargs), numRetries, randomId);

    /// <summary>The shell command of a <c>{"cmd": ...}</c> task, or null.</summary>
    public string? Cmd => Kwargs.ValueKind == JsonValueKind.Object && Kwargs.TryGetProperty("cmd", out var cmd) && cmd.ValueKind == JsonValueKind.String
        ? cmd.GetString()
        : null;

    /// <summary>This message with one retry fewer.</summary>
    public QueueMessage WithOneRetryFewer() => this with { NumRetries = Math.Max(0, NumRetries - 1) };

    /// <summary>The JSON text written to the queue.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", Version);
            writer.WritePropertyName("kwargs");
            Kwargs.WriteTo(writer);
            writer.WriteNumber("num_retries", NumRetries);
            writer.WriteString("id", Id);
            if (Error is not null)
            {
                writer.WriteString("error", Error);
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>
    /// Reads a message body. A body without <c>num_retries</c> has none left; one without an id
    /// gets the MD5 of its kwargs.
    /// </summary>
    /// <exception cref="InvalidQueueMessageException">The body is not a JSON object with <c>kwargs</c>.</exception>
    public static QueueMessage Parse(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new InvalidQueueMessageException(body, $"it is not JSON ({e.Message})");
        }
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("kwargs", out var kwargs))
        {
            throw new InvalidQueueMessageException(body, "it is not an object with \"kwargs\"");
        }
        var retries = root.TryGetProperty("num_retries", out var n) && n.ValueKind == JsonValueKind.Number && n.TryGetInt32(out var r) ? Math.Max(0, r) : 0;
        var id = root.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString()! : Md5(kwargs.GetRawText());
        var error = root.TryGetProperty("error", out var e2) && e2.ValueKind == JsonValueKind.String ? e2.GetString() : null;
        return new QueueMessage(kwargs, retries, id, error);
    }

    private static string Md5(string json) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(json)));

    private static string NewRandomId() => Guid.NewGuid().ToString("N");
}
