namespace JobRuntime.Silo.Identity;

/// <summary>
/// The users of every HTTP surface of the silo (configuration section <c>JobRuntime:Users</c>, a
/// list). With nobody configured here or in the deprecated sections (<c>JobRuntime:Http:Users</c>,
/// <c>JobRuntime:Http:Tokens</c>, <c>JobRuntime:Platform:Users</c>), the silo is open: every
/// request runs as the administrator <c>local</c> (the embedded default, on loopback only).
/// Administrators add more users at run time (<c>/users</c>, <c>jobrt users</c>).
/// </summary>
public sealed class UsersOptions
{
    /// <summary>The configuration section: a list of <see cref="ConfiguredUser"/>.</summary>
    public const string Section = "JobRuntime:Users";

    /// <summary>The configured users. Default: none (open).</summary>
    public List<ConfiguredUser> Users { get; set; } = [];
}

/// <summary>A user from configuration. Secrets may be given plainly (hashed at start-up, then dropped) or hashed.</summary>
public sealed class ConfiguredUser
{
    /// <summary>The user's name (no <c>:</c>, no <c>/</c>); jobs, states and queues belong to it.</summary>
    public string Name { get; set; } = "";

    /// <summary>The password in plain text, for <c>Authorization: Basic</c>; hashed with PBKDF2 at start-up and dropped. Default: null.</summary>
    public string? Password { get; set; }

    /// <summary>The password's PBKDF2 hash, <c>pbkdf2-sha256$iterations$salt$hash</c> (<c>jobrt users hash</c> prints one). Default: null.</summary>
    public string? PasswordHash { get; set; }

    /// <summary>API keys in plain text (Basic with the key as user name and no password, or <c>Token</c>/<c>Bearer</c>); hashed at start-up and dropped. Default: none.</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>API keys as the hex SHA-256 of the UTF-8 key. Default: none.</summary>
    public List<string> ApiKeySha256 { get; set; } = [];

    /// <summary>True for an administrator: every user's data, the user admin API, the dashboard, every platform project. Default: false.</summary>
    public bool Admin { get; set; }

    /// <summary>The platform projects the user sees. Default: none.</summary>
    public List<long> Projects { get; set; } = [];
}
