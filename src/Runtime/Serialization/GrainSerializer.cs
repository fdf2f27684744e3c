using System.Text.Json;
using System.Text.Json.Serialization;

namespace JobRuntime.Serialization;

/// <summary>
/// The runtime's JSON settings: used to copy call arguments, to store grain state and stream
/// events, and (in the gateway) to carry calls. Grain and observer references serialize as their
/// grain id and come back as live references.
/// </summary>
public sealed class GrainSerializer
{
    /// <summary>Creates the serializer; <paramref name="grainFactory"/> is resolved on first use.</summary>
    public GrainSerializer(Func<IGrainFactory> grainFactory)
    {
        Options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            IncludeFields = true,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            // Cycles are bad input: fail with a clear error instead of a stack overflow.
            MaxDepth = 64,
        };
        Options.Converters.Add(new GrainReferenceJsonConverterFactory(grainFactory));
        Options.MakeReadOnly(populateMissingResolver: true);
        Copier = new GrainCopier(this);
    }

    /// <summary>The options every runtime serialization uses.</summary>
    public JsonSerializerOptions Options { get; }

    /// <summary>The copier built on these options.</summary>
    public GrainCopier Copier { get; }

    /// <summary>Serializes a value of the given type to UTF-8 JSON.</summary>
    /// <exception cref="GrainSerializationException">The type cannot be serialized.</exception>
    public byte[] Serialize(object? value, Type type)
    {
        try
        {
            return JsonSerializer.SerializeToUtf8Bytes(value, type, Options);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            throw new GrainSerializationException($"A value of type {type} cannot be serialized: {e.Message}", e);
        }
    }

    /// <summary>Serializes a value to UTF-8 JSON.</summary>
    public byte[] Serialize<T>(T value) => Serialize(value, typeof(T));

    /// <summary>Reads a value of the given type from UTF-8 JSON.</summary>
    /// <exception cref="GrainSerializationException">The JSON does not fit the type.</exception>
    public object? Deserialize(ReadOnlySpan<byte> json, Type type)
    {
        try
        {
            return JsonSerializer.Deserialize(json, type, Options);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or ArgumentException or FormatException)
        {
            throw new GrainSerializationException($"JSON cannot be read as {type}: {e.Message}", e);
        }
    }

    /// <summary>Reads a value from UTF-8 JSON.</summary>
    public T Deserialize<T>(ReadOnlySpan<byte> json) => (T)Deserialize(json, typeof(T))!;

    internal object RoundTrip(object value, Type type) => Deserialize(Serialize(value, type), type)!;
}
