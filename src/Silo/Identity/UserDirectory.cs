using System.Security.Cryptography;
using System.Text;
using JobRuntime.GrainInterfaces.Users;

namespace JobRuntime.Silo.Identity;

/// <summary>
/// Who may sign in: the configured users (<see cref="ConfiguredUsers"/>) and those added at run
/// time (<see cref="IUserDirectoryGrain"/>). Each sign-in reads the user's current record, so a
/// removed user, a changed password or a revoked key is refused by the very next request; only the
/// PBKDF2 outcome is cached (<see cref="CredentialCache"/>), tied to the stored hash it checked.
/// </summary>
internal sealed class UserDirectory(ConfiguredUsers configured, IGrainFactory grains, CredentialCache cache)
{
    // Checked when the user is unknown, so that an unknown name costs what a known one does.
    private static readonly Lazy<string> s_nobody = new(() => SecretHashes.HashPassword(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))));

    /// <summary>True when no user is configured: every request runs as the administrator <see cref="SiloClaims.LocalUser"/>.</summary>
    public bool IsOpen => configured.IsEmpty;

    /// <summary>The users in configuration.</summary>
    public ConfiguredUsers Configured => configured;

    /// <summary>The directory grain of the users added at run time.</summary>
    public IUserDirectoryGrain Grain => grains.GetGrain<IUserDirectoryGrain>(IUserDirectoryGrain.Key);

    /// <summary>The user named, from configuration or the directory, or null.</summary>
    public async Task<DirectoryUser?> FindAsync(string name) => configured.Find(name) ?? FromRecord(await Grain.Get(name));

    /// <summary>Every user: the configured ones, then those added at run time.</summary>
    public async Task<IReadOnlyList<DirectoryUser>> ListAsync()
    {
        var stored = await Grain.List();
        return [.. configured.All, .. stored.Where(u => configured.Find(u.Name) is null).Select(u => FromRecord(u)!)];
    }

    /// <summary>The user whose password this is, or null.</summary>
    public async Task<DirectoryUser?> SignInWithPasswordAsync(string name, string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var user = name.Length is > 0 and <= 256 ? await FindAsync(name) : null;
        var valid = cache.Verify(name, password, user?.PasswordHash ?? s_nobody.Value);
        return valid && user?.PasswordHash is not null ? user : null;
    }

    /// <summary>The user holding this API key (or deprecated token), or null.</summary>
    public async Task<DirectoryUser?> SignInWithKeyAsync(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        DirectoryUser? found = null;
        foreach (var (known, user) in configured.Keys)
        {
            // Every configured key is compared, so the time taken does not tell which one matched.
            if (CryptographicOperations.FixedTimeEquals(hash, known))
            {
                found ??= user;
            }
        }
        // The directory finds keys by their SHA-256: a lookup by hash tells nothing about a key.
        return found ?? FromRecord(await Grain.FindByKey(Convert.ToHexStringLower(hash)));
    }

    /// <summary>The silo's view of a stored user.</summary>
    public static DirectoryUser? FromRecord(UserRecord? record) => record is null ? null
        : new DirectoryUser(record.Name, record.PasswordHash, [.. record.Keys.Select(k => k.Sha256)], record.Admin, record.Projects.ToHashSet(), Configured: false);
}
