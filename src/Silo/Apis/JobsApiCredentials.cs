using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace JobRuntime.Silo.Apis;

/// <summary>
/// The users and tokens of the jobs API, as SHA-256 hashes only. Presented secrets are hashed and
/// compared in constant time; an unknown user name costs the same comparison as a known one.
/// </summary>
internal sealed class JobsApiCredentials
{
    /// <summary>The user every request runs as when no users or tokens are configured.</summary>
    public const string LocalUser = "local";

    private static readonly byte[] NoSuchUser = SHA256.HashData("no such user"u8);

    /// <summary>The role claim of an administrator (<see cref="JobsApiUser.Admin"/>).</summary>
    public const string AdministratorRole = JobsApi.AdminRole;

    private readonly Dictionary<string, byte[]> _passwords;
    private readonly HashSet<string> _administrators;
    private readonly (byte[] Hash, string User)[] _tokens;

    public JobsApiCredentials(IOptions<JobsApiOptions> options)
    {
        var value = options.Value;
        _passwords = value.Users.ToDictionary(u => u.Name, u => Convert.FromHexString(u.PasswordSha256!), StringComparer.Ordinal);
        _tokens = [.. value.Tokens.Select(t => (Convert.FromHexString(t.TokenSha256!), t.User))];
        _administrators = value.Users.Where(u => u.Admin).Select(u => u.Name).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>True for a user listed as an administrator (everyone is, while the API is open).</summary>
    public bool IsAdministrator(string user) => IsOpen || _administrators.Contains(user);

    /// <summary>True when no users or tokens are configured: everyone is <see cref="LocalUser"/>.</summary>
    public bool IsOpen => _passwords.Count == 0 && _tokens.Length == 0;

    /// <summary>The user named, when the password is theirs.</summary>
    public string? FindByPassword(string user, string password)
    {
        var presented = Hash(password);
        var known = _passwords.TryGetValue(user, out var stored);
        var matches = CryptographicOperations.FixedTimeEquals(presented, stored ?? NoSuchUser);
        return known && matches ? user : null;
    }

    /// <summary>The user a token acts for, when it is a configured token.</summary>
    public string? FindByToken(string token)
    {
        var presented = Hash(token);
        string? user = null;
        foreach (var (hash, owner) in _tokens)
        {
            // Every token is compared, so the time taken does not tell which one matched.
            if (CryptographicOperations.FixedTimeEquals(presented, hash))
            {
                user ??= owner;
            }
        }
        return user;
    }

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
