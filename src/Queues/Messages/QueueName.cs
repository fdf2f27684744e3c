using System.Text.RegularExpressions;

namespace JobRuntime.Queues;

/// <summary>
/// Queue names as ai4s.jobq (and Azure Storage Queues) accept them: 3 to 63 lowercase letters,
/// digits and single hyphens, starting and ending with a letter or digit. Each queue has a
/// dead-letter queue named <c>&lt;name&gt;-failed</c>.
/// </summary>
public static partial class QueueName
{
    /// <summary>The suffix of dead-letter queues.</summary>
    public const string FailedSuffix = "-failed";

    /// <summary>Throws <see cref="InvalidQueueNameException"/> unless <paramref name="name"/> is a valid queue name (room left for the suffix).</summary>
    public static string Validate(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new InvalidQueueNameException(name ?? "", "a queue name is required");
        }
        if (name.Length < 3 || name.Length > 63 - FailedSuffix.Length)
        {
            throw new InvalidQueueNameException(name, $"it must be 3 to {63 - FailedSuffix.Length} characters long");
        }
        if (!Pattern().IsMatch(name))
        {
            throw new InvalidQueueNameException(name, "only lowercase letters, digits and single hyphens are allowed, starting and ending with a letter or digit");
        }
        return name;
    }

    /// <summary>The dead-letter queue of <paramref name="name"/>.</summary>
    public static string Failed(string name) => name + FailedSuffix;

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9]|-(?!-))*[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
