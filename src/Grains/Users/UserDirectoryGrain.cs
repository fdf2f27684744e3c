using JobRuntime.GrainInterfaces.Users;

namespace JobRuntime.Grains.Users;

/// <summary>
/// The users added at run time, in the profile's default grain storage (SQLite, PostgreSQL or
/// Azure Tables alike). Every change is written before it is answered, so a removed user or a
/// revoked key is refused by the next request on any silo.
/// </summary>
internal sealed class UserDirectoryGrain([PersistentState("users")] IPersistentState<UserDirectoryState> state) : Grain, IUserDirectoryGrain
{
    private Dictionary<string, string>? _keyOwners;

    private Dictionary<string, UserRecord> Users => state.State.Users;

    public Task<UserRecord[]> List() => Task.FromResult(Users.Values.OrderBy(u => u.Name, StringComparer.Ordinal).ToArray());

    public Task<UserRecord?> Get(string name) => Task.FromResult(Users.GetValueOrDefault(name));

    public Task<UserRecord?> FindByKey(string sha256)
    {
        _keyOwners ??= Users.Values.SelectMany(u => u.Keys.Select(k => (k.Sha256, u.Name))).ToDictionary(p => p.Sha256, p => p.Name, StringComparer.Ordinal);
        return Task.FromResult(_keyOwners.TryGetValue(sha256, out var name) ? Users.GetValueOrDefault(name) : null);
    }

    public async Task<bool> Add(UserRecord user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (Users.ContainsKey(user.Name))
        {
            return false;
        }
        await WriteAsync(user);
        return true;
    }

    public Task Put(UserRecord user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return WriteAsync(user);
    }

    public async Task<bool> Remove(string name)
    {
        if (!Users.Remove(name))
        {
            return false;
        }
        await PersistAsync();
        return true;
    }

    public Task<UserRecord?> SetPassword(string name, string? passwordHash) => ChangeAsync(name, u => u with { PasswordHash = passwordHash });

    public Task<UserRecord?> SetRoles(string name, bool? admin, long[]? projects) =>
        ChangeAsync(name, u => u with { Admin = admin ?? u.Admin, Projects = projects ?? u.Projects });

    public Task<UserRecord?> AddKey(string name, UserKeyRecord key) => ChangeAsync(name, u => u with { Keys = [.. u.Keys, key] });

    public async Task<bool> RevokeKey(string name, string keyId)
    {
        if (!Users.TryGetValue(name, out var user) || !user.Keys.Any(k => k.Id == keyId))
        {
            return false;
        }
        await WriteAsync(user with { Keys = [.. user.Keys.Where(k => k.Id != keyId)] });
        return true;
    }

    private async Task<UserRecord?> ChangeAsync(string name, Func<UserRecord, UserRecord> change)
    {
        if (!Users.TryGetValue(name, out var user))
        {
            return null;
        }
        var changed = change(user);
        await WriteAsync(changed);
        return changed;
    }

    private Task WriteAsync(UserRecord user)
    {
        Users[user.Name] = user;
        return PersistAsync();
    }

    private async Task PersistAsync()
    {
        _keyOwners = null;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // The stored state is the truth: forget what could not be written.
            await state.ReadStateAsync();
            throw;
        }
    }
}
