using System.Security.Cryptography;
using System.Text;

namespace JobRuntime.Queues;

/// <summary>
/// Users' queues: with users configured, the silo's HTTP API keeps each user's queues apart by
/// naming the stored queue <c>u&lt;12 hex digits of the SHA-256 of the user name&gt;-&lt;name&gt;</c>,
/// itself a valid queue name. A .NET client or a <c>jobrt queue</c> worker shares a queue with an
/// HTTP user by opening <see cref="ForUser"/>.
/// </summary>
public static partial class QueueName
{
    /// <summary>The longest name of a user's queue (the prefix takes the rest).</summary>
    public const int MaxUserQueueLength = 63 - 14 - 7; // 63, less the prefix and "-failed"

    /// <summary>The stored name of <paramref name="user"/>'s queue <paramref name="name"/>.</summary>
    /// <exception cref="InvalidQueueNameException">The name breaks the rules, or is longer than <see cref="MaxUserQueueLength"/>.</exception>
    public static string ForUser(string user, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        Validate(name);
        if (name.Length > MaxUserQueueLength)
        {
            throw new InvalidQueueNameException(name, $"a user's queue name has at most {MaxUserQueueLength} characters");
        }
        return UserPrefix(user) + name;
    }

    /// <summary>The user's own name of a stored queue, or null when the queue is not <paramref name="user"/>'s.</summary>
    public static string? OfUser(string user, string stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var prefix = UserPrefix(user);
        return stored.StartsWith(prefix, StringComparison.Ordinal) && stored.Length > prefix.Length ? stored[prefix.Length..] : null;
    }

    private static string UserPrefix(string user) => "u" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(user)))[..12] + "-";
}
