namespace JobRuntime.Silo.Apis;

/// <summary>
/// Options of the jobs HTTP API (configuration section <c>JobRuntime:Http</c>): its limits, and
/// the deprecated <see cref="Users"/> and <see cref="Tokens"/>, still read and merged into the
/// silo's one list of users (<see cref="Identity.UsersOptions"/>, section <c>JobRuntime:Users</c>).
/// </summary>
public sealed class JobsApiOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string Section = "JobRuntime:Http";

    /// <summary>Deprecated (use <c>JobRuntime:Users</c>): users who sign in with <c>Authorization: Basic base64(user:password)</c>. Default: none.</summary>
    public List<JobsApiUser> Users { get; set; } = [];

    /// <summary>Deprecated (use <c>JobRuntime:Users:n:ApiKeys</c>): tokens accepted as <c>Authorization: Token &lt;token&gt;</c> (or <c>Bearer</c>), each an API key of its user. Default: none.</summary>
    public List<JobsApiToken> Tokens { get; set; } = [];

    /// <summary>The largest task (one line of a task body), in bytes; a longer line gets 413. Default: 1 MiB.</summary>
    public int MaxTaskBytes { get; set; } = 1 << 20;

    /// <summary>Tasks of a task body handed to the job at once. Default: 1,000.</summary>
    public int SubmitBatchSize { get; set; } = 1_000;
}

/// <summary>A user of the deprecated <c>JobRuntime:Http:Users</c>. Give <see cref="Password"/>, <see cref="PasswordHash"/> or <see cref="PasswordSha256"/>.</summary>
public sealed class JobsApiUser
{
    /// <summary>The user's name; jobs belong to it.</summary>
    public string Name { get; set; } = "";

    /// <summary>The password in plain text; it is hashed with PBKDF2 at startup and dropped from the options.</summary>
    public string? Password { get; set; }

    /// <summary>The password's PBKDF2 hash, <c>pbkdf2-sha256$iterations$salt$hash</c>.</summary>
    public string? PasswordHash { get; set; }

    /// <summary>Deprecated, a fast hash: the hex SHA-256 of the UTF-8 password. Still accepted; prefer <see cref="PasswordHash"/>.</summary>
    public string? PasswordSha256 { get; set; }

    /// <summary>
    /// True for an administrator: the Orleans Dashboard (every grain's state), the user admin API,
    /// and other users' states and queues (<c>?user=name</c>) besides the user's own. Default: false.
    /// </summary>
    public bool Admin { get; set; }
}

/// <summary>An API token acting for a user. Give either <see cref="Token"/> or <see cref="TokenSha256"/>.</summary>
public sealed class JobsApiToken
{
    /// <summary>The token in plain text; it is hashed at startup and dropped from the options. Prefer <see cref="TokenSha256"/> in files.</summary>
    public string? Token { get; set; }

    /// <summary>The hex SHA-256 of the UTF-8 token.</summary>
    public string? TokenSha256 { get; set; }

    /// <summary>The user the token acts for (need not be listed in <see cref="JobsApiOptions.Users"/>).</summary>
    public string User { get; set; } = "";
}
