namespace JobRuntime.Silo.Identity;

/// <summary>A user as the admin API shows it: never a secret nor a hash.</summary>
/// <param name="Name">The user's name.</param>
/// <param name="Admin">True for an administrator.</param>
/// <param name="Projects">The platform projects the user sees.</param>
/// <param name="HasPassword">True when the user signs in with a password.</param>
/// <param name="Keys">The user's API keys by id (users from configuration: none listed).</param>
/// <param name="Source"><c>configuration</c> (changed there) or <c>directory</c> (added at run time).</param>
public sealed record UserInfo(string Name, bool Admin, long[] Projects, bool HasPassword, UserKeyInfo[] Keys, string Source);

/// <summary>An API key as listings show it.</summary>
/// <param name="Id">Its public id, to revoke it by.</param>
/// <param name="Created">When it was issued.</param>
public sealed record UserKeyInfo(string Id, DateTimeOffset Created);

/// <summary>The body of <c>POST /users/</c>.</summary>
/// <param name="Name">The new user's name.</param>
/// <param name="Password">The password (at least 8 characters), or null for a user of API keys only.</param>
/// <param name="Admin">True for an administrator. Default: false.</param>
/// <param name="Projects">The platform projects the user sees. Default: none.</param>
public sealed record CreateUserRequest(string? Name, string? Password = null, bool Admin = false, long[]? Projects = null);

/// <summary>The body of <c>PATCH /users/{name}</c>: what is given changes.</summary>
/// <param name="Admin">True for an administrator.</param>
/// <param name="Projects">The platform projects the user sees (replaces the list).</param>
public sealed record ChangeUserRequest(bool? Admin = null, long[]? Projects = null);

/// <summary>The body of <c>PUT /users/{name}/password</c>.</summary>
/// <param name="Password">The new password (at least 8 characters).</param>
public sealed record SetPasswordRequest(string? Password);

/// <summary>The answer to <c>POST /users/{name}/keys</c>: the key, shown this once.</summary>
/// <param name="User">The key's user.</param>
/// <param name="Id">The key's public id, to revoke it by.</param>
/// <param name="Key">The key: send it as <c>Authorization: Token</c>, or as the Basic user name with no password.</param>
public sealed record IssuedKey(string User, string Id, string Key);
