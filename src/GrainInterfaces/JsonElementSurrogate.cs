using System.Text.Json;

namespace JobRuntime.GrainInterfaces;

/// <summary>How a <see cref="JsonElement"/> (a task, a result) crosses a grain boundary: as its JSON text.</summary>
[GenerateSerializer, Immutable, Alias("JobRuntime.JsonElement")]
public readonly struct JsonElementSurrogate
{
    /// <summary>The element's raw JSON text; null for an undefined element.</summary>
    [Id(0)] public readonly string? Json;

    /// <summary>Wraps JSON text.</summary>
    public JsonElementSurrogate(string? json) => Json = json;
}

/// <summary>Converts <see cref="JsonElement"/> to and from <see cref="JsonElementSurrogate"/> for Orleans' serializer.</summary>
[RegisterConverter]
public sealed class JsonElementSurrogateConverter : IConverter<JsonElement, JsonElementSurrogate>
{
    /// <inheritdoc/>
    public JsonElement ConvertFromSurrogate(in JsonElementSurrogate surrogate)
    {
        if (surrogate.Json is null)
        {
            return default;
        }
        using var document = JsonDocument.Parse(surrogate.Json);
        return document.RootElement.Clone();
    }

    /// <inheritdoc/>
    public JsonElementSurrogate ConvertToSurrogate(in JsonElement value) =>
        new(value.ValueKind == JsonValueKind.Undefined ? null : value.GetRawText());
}
