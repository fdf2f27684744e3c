using JobRuntime.Silo.Apis;
using JobRuntime.Silo.Apis.Platform;
using Microsoft.Extensions.Options;

namespace JobRuntime.Silo.Identity;

/// <summary>
/// The users from configuration, merged by name: <c>JobRuntime:Users</c> and the deprecated
/// <c>JobRuntime:Http:Users</c>, <c>JobRuntime:Http:Tokens</c> (a token is an API key of its
/// user) and <c>JobRuntime:Platform:Users</c>. A name in several sections is one user: the first
/// password given, every key, every project, and administrator when any section says so.
/// </summary>
internal sealed partial class ConfiguredUsers
{
    private readonly Dictionary<string, DirectoryUser> _users;

    public ConfiguredUsers(IOptions<UsersOptions> users, IOptions<JobsApiOptions> http, IOptions<PlatformApiOptions> platform, ILogger<ConfiguredUsers> logger)
    {
        foreach (var (section, count) in (ReadOnlySpan<(string, int)>)[
            ($"{JobsApiOptions.Section}:Users", http.Value.Users.Count), ($"{JobsApiOptions.Section}:Tokens", http.Value.Tokens.Count),
            ($"{PlatformApiOptions.Section}:Users", platform.Value.Users.Count)])
        {
            if (count > 0)
            {
                LogDeprecated(logger, section, count, UsersOptions.Section);
            }
        }
        _users = new Dictionary<string, DirectoryUser>(StringComparer.Ordinal);
        foreach (var user in users.Value.Users)
        {
            Merge(user.Name, user.PasswordHash, user.ApiKeySha256, user.Admin, user.Projects);
        }
        foreach (var user in http.Value.Users)
        {
            Merge(user.Name, user.PasswordHash ?? (user.PasswordSha256 is { } sha ? SecretHashes.Sha256Prefix + sha.ToLowerInvariant() : null), [], user.Admin, []);
        }
        foreach (var token in http.Value.Tokens)
        {
            Merge(token.User, null, token.TokenSha256 is { } sha ? [sha] : [], false, []);
        }
        foreach (var user in platform.Value.Users)
        {
            Merge(user.Name, null, user.ApiKeySha256 is { } sha ? [sha] : [], user.Admin, user.Projects);
        }
        Keys = _users.Values.SelectMany(u => u.KeySha256.Select(k => (Hash: Convert.FromHexString(k), User: u))).ToArray();
    }

    /// <summary>True when nobody is configured: the silo is open.</summary>
    public bool IsEmpty => _users.Count == 0;

    /// <summary>Every configured user, by name.</summary>
    public IEnumerable<DirectoryUser> All => _users.Values.OrderBy(u => u.Name, StringComparer.Ordinal);

    /// <summary>Every configured key hash with its user.</summary>
    public (byte[] Hash, DirectoryUser User)[] Keys { get; }

    /// <summary>The configured user named, or null.</summary>
    public DirectoryUser? Find(string name) => _users.GetValueOrDefault(name);

    private void Merge(string name, string? passwordHash, IEnumerable<string> keys, bool admin, IEnumerable<long> projects)
    {
        var hashes = keys.Select(k => k.ToLowerInvariant()).ToList();
        if (_users.TryGetValue(name, out var known))
        {
            _users[name] = known with
            {
                PasswordHash = known.PasswordHash ?? passwordHash,
                KeySha256 = [.. known.KeySha256.Union(hashes)],
                Admin = known.Admin || admin,
                Projects = known.Projects.Union(projects).ToHashSet(),
            };
        }
        else
        {
            _users[name] = new DirectoryUser(name, passwordHash, hashes, admin, projects.ToHashSet(), Configured: true);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Section} is deprecated ({Count} entries read): move them to {Replacement}")]
    private static partial void LogDeprecated(ILogger logger, string section, int count, string replacement);
}
