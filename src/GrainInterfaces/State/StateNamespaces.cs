namespace JobRuntime.GrainInterfaces.State;

/// <summary>
/// How the HTTP API keeps its users' states apart: with users configured, a user's
/// <c>/state/{namespace}</c> is the state grain <c>{user}:{namespace}</c> (user names have no
/// <c>:</c>). A .NET client shares a state with an HTTP user by opening that key.
/// </summary>
public static class StateNamespaces
{
    /// <summary>The grain key of <paramref name="user"/>'s namespace <paramref name="namespace"/>.</summary>
    /// <exception cref="ArgumentException">The user name is empty or has a ':'.</exception>
    public static string ForUser(string user, string @namespace)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        if (user.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException($"A user name has no ':'; '{user}' does.", nameof(user));
        }
        return user + ":" + @namespace;
    }
}
