namespace JobRuntime.GrainInterfaces.Users;

/// <summary>
/// A user added at run time, as the user directory keeps it: secrets only as hashes (the password
/// as a self-describing PBKDF2 string, API keys as their SHA-256).
/// </summary>
/// <param name="Name">The user's name (no <c>:</c>); jobs, states and queues belong to it.</param>
/// <param name="PasswordHash">The password's hash (<c>pbkdf2-sha256$iterations$salt$hash</c>), or null for a user who signs in with API keys only.</param>
/// <param name="Keys">The user's API keys, as hashes.</param>
/// <param name="Admin">True for an administrator.</param>
/// <param name="Projects">The platform projects the user sees.</param>
[GenerateSerializer, Immutable, Alias("JobRuntime.UserRecord")]
public sealed record UserRecord(
    [property: Id(0)] string Name,
    [property: Id(1)] string? PasswordHash,
    [property: Id(2)] UserKeyRecord[] Keys,
    [property: Id(3)] bool Admin,
    [property: Id(4)] long[] Projects);

/// <summary>An API key of a user: its public id (to revoke it by) and the SHA-256 of the key.</summary>
/// <param name="Id">A short public id, shown in listings; not a secret.</param>
/// <param name="Sha256">The lower-case hex SHA-256 of the UTF-8 key.</param>
/// <param name="Created">When the key was issued.</param>
[GenerateSerializer, Immutable, Alias("JobRuntime.UserKeyRecord")]
public sealed record UserKeyRecord([property: Id(0)] string Id, [property: Id(1)] string Sha256, [property: Id(2)] DateTimeOffset Created);
