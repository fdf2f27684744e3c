using System.Text.Json;

namespace JobRuntime.Silo.Apis;

/// <summary>A state as <c>GET /state/{namespace}</c> returns it.</summary>
public sealed record StateView(long Version, IReadOnlyDictionary<string, JsonElement> Values);

/// <summary>The version a change gave the state.</summary>
public sealed record StateVersionView(long Version);

/// <summary>What satisfied a long-poll wait: the state after it and the update (null when the state already held).</summary>
public sealed record StateWaitView(StateView State, StateUpdateView? Update);

/// <summary>An update as JSON: version, key, before and after (absent: null), identical.</summary>
public sealed record StateUpdateView(long Version, string Key, JsonElement? Before, JsonElement? After, bool Identical, DateTimeOffset Time)
{
    internal static StateUpdateView From(GrainInterfaces.State.StateUpdate u) => new(u.Version, u.Key, u.Before, u.After, u.Identical, u.Time);
}
