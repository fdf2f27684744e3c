using System.Text.Json;
using System.Text.Json.Nodes;

namespace JobRuntime.Client.States;

/// <summary>How .NET values become a state's JSON values and back (System.Text.Json, web defaults).</summary>
internal static class StateJson
{
    private static readonly JsonElement Null = JsonDocument.Parse("null").RootElement.Clone();

    public static JsonElement ToElement(object? value) => value switch
    {
        null => Null,
        JsonElement element => element,
        JsonNode node => JsonSerializer.SerializeToElement(node, JsonSerializerOptions.Web),
        _ => JsonSerializer.SerializeToElement(value, value.GetType(), JsonSerializerOptions.Web),
    };

    public static JsonNode? ToNode(JsonElement element) =>
        element.ValueKind == JsonValueKind.Null ? null : JsonNode.Parse(element.GetRawText());

    public static T? To<T>(JsonElement element) => element.Deserialize<T>(JsonSerializerOptions.Web);
}
