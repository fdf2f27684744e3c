using JobRuntime.Queues;
using JobRuntime.Silo.Identity;

namespace JobRuntime.Silo.Apis;

/// <summary>
/// Which stored queue a request's <c>/queues/{name}</c> means, as <see cref="StateApiNamespaces"/>
/// does for states. With no users configured (every caller is <c>local</c>), the name itself,
/// shared with .NET clients and workers. With users, the caller's own queue
/// (<see cref="QueueName.ForUser"/>): another user's queues are out of reach; an administrator may
/// name their owner with <c>?user=</c>.
/// </summary>
internal static class QueuesApiNamespaces
{
    /// <summary>The stored name of the queue the request means.</summary>
    public static string Resolve(HttpContext http, string name, string? user) =>
        Owner(http, user) is { } owner ? QueueName.ForUser(owner, name) : QueueName.Validate(name);

    /// <summary>The caller's own name of a stored queue, or null when it is not in the caller's namespace (or that of <c>?user=</c>).</summary>
    public static Func<string, string?> Visible(HttpContext http, string? user) =>
        Owner(http, user) is { } owner ? stored => QueueName.OfUser(owner, stored) : stored => stored;

    // The user whose namespace the request means, or null for the open silo's shared names.
    private static string? Owner(HttpContext http, string? user)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (user is not null && !UserNames.IsValid(user))
        {
            throw new InvalidQueueNameException(user, "user names a user: " + UserNames.Describe(user));
        }
        if (http.RequestServices.GetRequiredService<UserDirectory>().IsOpen)
        {
            return user;
        }
        var caller = http.User.Identity?.Name is { Length: > 0 } name
            ? name
            : throw new InvalidOperationException("The queues API ran without an authenticated user.");
        if (user is null || user == caller)
        {
            return caller;
        }
        if (http.User.IsAdministrator())
        {
            return user;
        }
        throw new QueueNotVisibleException($"Queue of user '{user}' does not exist or is not yours.");
    }
}

/// <summary>Another user's queue, answered 404 like an absent one.</summary>
internal sealed class QueueNotVisibleException(string message) : Exception(message);
