using Orleans.Concurrency;

namespace JobRuntime.GrainInterfaces.Users;

/// <summary>
/// The users added at run time (one grain, key <see cref="Key"/>), kept in the profile's default
/// grain storage. It holds hashes only: callers hash passwords and keys before they get here.
/// Names are compared ordinally.
/// </summary>
[Alias("JobRuntime.IUserDirectoryGrain")]
public interface IUserDirectoryGrain : IGrainWithStringKey
{
    /// <summary>The key of the one directory grain.</summary>
    public const string Key = "users";

    /// <summary>Every user, by name.</summary>
    [Alias("List"), ReadOnly]
    Task<UserRecord[]> List();

    /// <summary>The user named, or null.</summary>
    [Alias("Get"), ReadOnly]
    Task<UserRecord?> Get(string name);

    /// <summary>The user holding the API key with this SHA-256 (lower-case hex), or null.</summary>
    [Alias("FindByKey"), ReadOnly]
    Task<UserRecord?> FindByKey(string sha256);

    /// <summary>Adds a user; false when the name is taken.</summary>
    [Alias("Add")]
    Task<bool> Add(UserRecord user);

    /// <summary>Adds or replaces a user.</summary>
    [Alias("Put")]
    Task Put(UserRecord user);

    /// <summary>Removes a user (their keys stop working at once); false when there is none.</summary>
    [Alias("Remove")]
    Task<bool> Remove(string name);

    /// <summary>Replaces a user's password hash (null removes the password); the updated user, or null when there is none.</summary>
    [Alias("SetPassword")]
    Task<UserRecord?> SetPassword(string name, string? passwordHash);

    /// <summary>Sets what a user may do (null leaves it); the updated user, or null when there is none.</summary>
    [Alias("SetRoles")]
    Task<UserRecord?> SetRoles(string name, bool? admin, long[]? projects);

    /// <summary>Adds an API key to a user; the updated user, or null when there is none.</summary>
    [Alias("AddKey")]
    Task<UserRecord?> AddKey(string name, UserKeyRecord key);

    /// <summary>Revokes a user's key by its id; false when the user has no such key.</summary>
    [Alias("RevokeKey")]
    Task<bool> RevokeKey(string name, string keyId);
}
