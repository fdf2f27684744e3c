using JobRuntime.GrainInterfaces.State;

namespace JobRuntime.Silo.Apis;

/// <summary>
/// Which state grain a request's <c>/state/{namespace}</c> means. With no users configured (every
/// caller is <c>local</c>), the namespace itself, shared with .NET clients. With users, the caller's
/// own namespace (<see cref="StateNamespaces.ForUser"/>): another user's states are invisible,
/// answered 404 like absent ones; an administrator may name their owner with <c>?user=</c>.
/// </summary>
internal static class StateApiNamespaces
{
    public static string Resolve(HttpContext http, string @namespace, string? user)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (string.IsNullOrEmpty(@namespace))
        {
            throw new InvalidStateException("A state namespace must not be empty.");
        }
        if (user is { Length: 0 } || user?.Contains(':', StringComparison.Ordinal) == true)
        {
            throw new InvalidStateException($"user names a user (without ':'); it is '{user}'.");
        }
        if (http.RequestServices.GetRequiredService<Identity.UserDirectory>().IsOpen)
        {
            return user is null ? @namespace : StateNamespaces.ForUser(user, @namespace);
        }
        var caller = http.User.Identity?.Name is { Length: > 0 } name
            ? name
            : throw new InvalidOperationException("The state API ran without an authenticated user.");
        if (user is null || user == caller)
        {
            return StateNamespaces.ForUser(caller, @namespace);
        }
        if (http.User.IsInRole(Identity.SiloClaims.AdminRole))
        {
            return StateNamespaces.ForUser(user, @namespace);
        }
        throw new StateNotVisibleException($"State '{@namespace}' of user '{user}' does not exist or is not yours.");
    }
}
