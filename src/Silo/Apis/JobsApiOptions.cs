namespace JobRuntime.Silo.Apis;

/// <summary>
/// Options of the jobs HTTP API (configuration section <c>JobRuntime:Http</c>). When neither
/// <see cref="Users"/> nor <see cref="Tokens"/> lists anyone, the API is open: every request runs
/// as the user <c>local</c> (the embedded default on a laptop, listening on loopback only).
/// </summary>
public sealed class JobsApiOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string Section = "JobRuntime:Http";

    /// <summary>Users who sign in with <c>Authorization: Basic base64(user:password)</c>. Default: none.</summary>
    public List<JobsApiUser> Users { get; set; } = [];

    /// <summary>Tokens accepted as <c>Authorization: Token &lt;token&gt;</c> (or <c>Bearer</c>), each acting for a user. Default: none.</summary>
    public List<JobsApiToken> Tokens { get; set; } = [];

    /// <summary>The largest task (one line of a task body), in bytes; a longer line gets 413. Default: 1 MiB.</summary>
    public int MaxTaskBytes { get; set; } = 1 << 20;

    /// <summary>Tasks of a task body handed to the job at once. Default: 1,000.</summary>
    public int SubmitBatchSize { get; set; } = 1_000;
}

/// <summary>A user of the jobs HTTP API. Give either <see cref="Password"/> or <see cref="PasswordSha256"/>.</summary>
public sealed class JobsApiUser
{
    /// <summary>The user's name; jobs belong to it.</summary>
    public string Name { get; set; } = "";

    /// <summary>The password in plain text; it is hashed at startup and dropped from the options. Prefer <see cref="PasswordSha256"/> in files.</summary>
    public string? Password { get; set; }

    /// <summary>The hex SHA-256 of the UTF-8 password.</summary>
    public string? PasswordSha256 { get; set; }

    /// <summary>
    /// True for an administrator: the Orleans Dashboard (every grain's state), and other users'
    /// states (<c>/state/{namespace}?user=name</c>) besides the user's own. Tokens acting for the
    /// user are administrators too. Default: false.
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
