using JobRuntime.GrainInterfaces.Users;

namespace JobRuntime.Grains.Users;

/// <summary>The persisted state of the user directory: the users added at run time, by name.</summary>
[GenerateSerializer, Alias("JobRuntime.UserDirectoryState")]
public sealed class UserDirectoryState
{
    /// <summary>The users by name (ordinal).</summary>
    [Id(0)]
    public Dictionary<string, UserRecord> Users { get; set; } = new(StringComparer.Ordinal);
}
