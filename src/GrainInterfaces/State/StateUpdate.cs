using System.Text.Json;

namespace JobRuntime.GrainInterfaces.State;

/// <summary>
/// One change of a state: the key's value before and after (null when absent) and the version
/// the change gave the state. <see cref="Identical"/> is true when the change changed nothing.
/// </summary>
[GenerateSerializer, Immutable, Alias("JobRuntime.StateUpdate")]
public sealed record StateUpdate(
    [property: Id(0)] long Version,
    [property: Id(1)] string Key,
    [property: Id(2)] JsonElement? Before,
    [property: Id(3)] JsonElement? After,
    [property: Id(4)] bool Identical,
    [property: Id(5)] DateTimeOffset Time);
