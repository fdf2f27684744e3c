using System.Text.Json;

namespace JobRuntime.GrainInterfaces.State;

/// <summary>A state's keys and values as they were at <see cref="Version"/>.</summary>
[GenerateSerializer, Immutable, Alias("JobRuntime.StateSnapshot")]
public sealed record StateSnapshot([property: Id(0)] long Version, [property: Id(1)] IReadOnlyDictionary<string, JsonElement> Values);
