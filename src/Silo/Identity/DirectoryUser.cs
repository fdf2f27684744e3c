namespace JobRuntime.Silo.Identity;

/// <summary>A user as the silo authenticates them: from configuration or from the user directory grain.</summary>
/// <param name="Name">The user's name.</param>
/// <param name="PasswordHash">The password's hash (PBKDF2, or a deprecated SHA-256 from configuration), or null.</param>
/// <param name="KeySha256">The hex SHA-256 of each API key.</param>
/// <param name="Admin">True for an administrator.</param>
/// <param name="Projects">The platform projects the user sees.</param>
/// <param name="Configured">True for a user from configuration (changed there, not by the admin API).</param>
internal sealed record DirectoryUser(string Name, string? PasswordHash, IReadOnlyList<string> KeySha256, bool Admin, IReadOnlySet<long> Projects, bool Configured);
