using System.Text.Json;

namespace JobRuntime.GrainInterfaces.State;

/// <summary>A change to make: set <see cref="Key"/> to <see cref="Value"/>, or remove it when the value is null.</summary>
[GenerateSerializer, Immutable, Alias("JobRuntime.StateChange")]
public sealed record StateChange([property: Id(0)] string Key, [property: Id(1)] JsonElement? Value)
{
    /// <summary>A change that sets a key.</summary>
    public static StateChange Set(string key, JsonElement value) => new(key, value);

    /// <summary>A change that removes a key.</summary>
    public static StateChange Delete(string key) => new(key, null);
}
