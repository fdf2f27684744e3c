namespace JobRuntime.Silo.Apis.Platform;

/// <summary>The platform API's users (section <c>JobRuntime:Platform:Users</c>). With none configured, the API is open and every caller is the administrator <c>local</c>.</summary>
public sealed class PlatformApiOptions
{
    /// <summary>The configuration section: <c>JobRuntime:Platform</c>.</summary>
    public const string Section = "JobRuntime:Platform";

    /// <summary>The users and their API keys. Default: none (open).</summary>
    public List<PlatformApiUser> Users { get; set; } = [];
}

/// <summary>A platform user: an API key (given plainly, hashed at start-up, or as its SHA-256) and the projects it sees.</summary>
public sealed class PlatformApiUser
{
    /// <summary>The user's name.</summary>
    public string Name { get; set; } = "";

    /// <summary>The API key in plain text; hashed at start-up and never logged. Default: null.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The SHA-256 of the API key, in hex. Default: null.</summary>
    public string? ApiKeySha256 { get; set; }

    /// <summary>The project ids the key sees. Default: none.</summary>
    public List<long> Projects { get; set; } = [];

    /// <summary>True for an administrator: every project and the admin API. Default: false.</summary>
    public bool Admin { get; set; }
}
