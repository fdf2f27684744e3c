namespace JobRuntime.Client.States;

/// <summary>Opens states from a cluster client.</summary>
public static class StateClientExtensions
{
    /// <summary>A handle on the state of <paramref name="namespace"/> (see <see cref="State"/>).</summary>
    public static State GetState(this IClusterClient client, string @namespace) => new(client, @namespace);
}
