using JobRuntime.GrainInterfaces.Users;

namespace JobRuntime.Silo.Identity;

/// <summary>
/// Changes to the users added at run time, for the admin APIs (<c>/users</c> and the platform's
/// <c>/api/admin/users</c>): passwords are hashed here (PBKDF2) and keys made here, so only hashes
/// reach the directory grain and its storage. Users from configuration are changed there (409).
/// </summary>
internal sealed class UserAdministration(UserDirectory directory, TimeProvider clock)
{
    /// <summary>The least length of a password set through the API.</summary>
    public const int MinPasswordLength = 8;

    public async Task<DirectoryUser> AddAsync(string name, string? password, bool admin, long[] projects)
    {
        CheckChangeable(name);
        var user = new UserRecord(name, password is null ? null : Hash(password), [], admin, Check(projects));
        if (!await directory.Grain.Add(user))
        {
            throw new UserAdminException(409, $"User '{name}' already exists.");
        }
        return UserDirectory.FromRecord(user)!;
    }

    /// <summary>Adds or replaces a platform user with exactly this one API key (the platform's <c>PUT /api/admin/users/{name}</c>), keeping a password it had.</summary>
    public async Task PutWithKeyAsync(string name, string key, bool admin, long[] projects)
    {
        CheckChangeable(name);
        var known = await directory.Grain.Get(name);
        await directory.Grain.Put(new UserRecord(name, known?.PasswordHash, [NewKey(key)], admin, Check(projects)));
    }

    public async Task RemoveAsync(string name)
    {
        CheckChangeable(name);
        if (!await directory.Grain.Remove(name))
        {
            throw NotFound(name);
        }
    }

    public async Task SetPasswordAsync(string name, string password)
    {
        CheckChangeable(name);
        _ = await directory.Grain.SetPassword(name, Hash(password)) ?? throw NotFound(name);
    }

    public async Task<DirectoryUser> SetRolesAsync(string name, bool? admin, long[]? projects)
    {
        CheckChangeable(name);
        var user = await directory.Grain.SetRoles(name, admin, projects is null ? null : Check(projects)) ?? throw NotFound(name);
        return UserDirectory.FromRecord(user)!;
    }

    /// <summary>Issues a new API key; the key is in the answer only, never stored.</summary>
    public async Task<(string Id, string Key)> IssueKeyAsync(string name)
    {
        CheckChangeable(name);
        var key = SecretHashes.NewApiKey();
        var record = NewKey(key);
        _ = await directory.Grain.AddKey(name, record) ?? throw NotFound(name);
        return (record.Id, key);
    }

    public async Task RevokeKeyAsync(string name, string id)
    {
        CheckChangeable(name);
        if (!await directory.Grain.RevokeKey(name, id))
        {
            throw new UserAdminException(404, $"User '{name}' has no key '{id}'.");
        }
    }

    /// <summary>The ids and issue times of a stored user's keys.</summary>
    public async Task<UserKeyRecord[]> KeysAsync(string name) => (await directory.Grain.Get(name))?.Keys ?? [];

    private UserKeyRecord NewKey(string key) => new(SecretHashes.NewKeyId(), SecretHashes.Sha256Hex(key), clock.GetUtcNow());

    private void CheckChangeable(string name)
    {
        if (!UserNames.IsValid(name))
        {
            throw new UserAdminException(400, UserNames.Describe(name));
        }
        if (directory.IsOpen)
        {
            throw new UserAdminException(409,
                $"The silo is open (no users in {UsersOptions.Section}), so users added at run time could not sign in: configure an administrator first.");
        }
        if (directory.Configured.Find(name) is not null)
        {
            throw new UserAdminException(409, $"User '{name}' comes from configuration ({UsersOptions.Section}); change it there.");
        }
    }

    private static string Hash(string password) => password.Length >= MinPasswordLength
        ? SecretHashes.HashPassword(password)
        : throw new UserAdminException(400, $"A password has at least {MinPasswordLength} characters.");

    private static long[] Check(long[] projects) => projects.All(p => p > 0)
        ? [.. projects.Distinct().Order()]
        : throw new UserAdminException(400, "Projects are positive project ids.");

    private static UserAdminException NotFound(string name) => new(404, $"No user named '{name}' was added at run time.");
}
