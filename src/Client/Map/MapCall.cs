using System.Text.Json;
using System.Text.Json.Serialization;

namespace JobRuntime.Client.Map;

/// <summary>
/// What a cluster map's task is when the map has arguments (<see cref="MapOptions.Args"/> and the
/// others): <c>{"item", "args", "kwargs"}</c>, where args are the common ones followed by the
/// item's, and kwargs the common ones overridden by the item's. Without arguments a task is the
/// item itself. A .NET handler takes it as <c>MapCall</c>; a JavaScript <c>Run(d)</c> reads <c>d.item</c>.
/// </summary>
public sealed record MapCall(
    [property: JsonPropertyName("item")] JsonElement Item,
    [property: JsonPropertyName("args")] JsonElement[] Args,
    [property: JsonPropertyName("kwargs")] Dictionary<string, JsonElement> Kwargs)
{
    /// <summary>The item as <typeparamref name="T"/>.</summary>
    public T ItemAs<T>() => Item.Deserialize<T>(JsonSerializerOptions.Web)!;

    /// <summary>The positional argument <paramref name="index"/> as <typeparamref name="T"/>.</summary>
    public T Arg<T>(int index) => Args[index].Deserialize<T>(JsonSerializerOptions.Web)!;

    /// <summary>The named argument as <typeparamref name="T"/>.</summary>
    public T Kwarg<T>(string name) => Kwargs[name].Deserialize<T>(JsonSerializerOptions.Web)!;

    internal static JsonElement Build(object? item, long position, MapOptions options)
    {
        if (!options.HasArguments)
        {
            return ToJson(item);
        }
        var args = new List<JsonElement>();
        args.AddRange((options.Args ?? []).Select(ToJson));
        if (options.MapArgs is { } mapArgs)
        {
            args.AddRange(At(mapArgs, position, "MapArgs").Select(ToJson));
        }
        var kwargs = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (name, value) in options.Kwargs ?? new Dictionary<string, object?>())
        {
            kwargs[name] = ToJson(value);
        }
        if (options.MapKwargs is { } mapKwargs)
        {
            foreach (var (name, value) in At(mapKwargs, position, "MapKwargs"))
            {
                kwargs[name] = ToJson(value);
            }
        }
        return JsonSerializer.SerializeToElement(new MapCall(ToJson(item), [.. args], kwargs), JsonSerializerOptions.Web);
    }

    private static T At<T>(IReadOnlyList<T> list, long position, string name) =>
        position < list.Count ? list[(int)position] : throw new ArgumentException($"{name} has {list.Count} entries; item {position} has none.", name);

    private static JsonElement ToJson(object? value) => value is JsonElement element ? element : JsonSerializer.SerializeToElement(value, JsonSerializerOptions.Web);
}
