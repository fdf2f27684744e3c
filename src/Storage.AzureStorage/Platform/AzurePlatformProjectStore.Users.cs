using System.Text.Json;
using Azure.Data.Tables;
using JobRuntime.Storage.Platform;

namespace JobRuntime.AzureStorage.Platform;

/// <summary>API users: rows of partition <c>u</c> by name, found by key through index rows of partition <c>k</c> by key hash.</summary>
public sealed partial class AzurePlatformProjectStore
{
    private const string UsersPartition = "u";
    private const string KeysPartition = "k";

    /// <inheritdoc/>
    public async Task UserSetAsync(PlatformUserRecord user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var table = await _tables.UsersAsync(cancellationToken).ConfigureAwait(false);
        var nameKey = AzureKeys.Text(user.Name);
        var previous = await AzureTableBatches.GetAsync(table, UsersPartition, nameKey, cancellationToken).ConfigureAwait(false);
        var row = new TableEntity(UsersPartition, nameKey)
        {
            ["Name"] = user.Name, ["KeyHash"] = user.KeyHash, ["Projects"] = JsonSerializer.Serialize(user.Projects), ["Admin"] = user.Admin,
        };
        await table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(new TableEntity(KeysPartition, Convert.ToHexStringLower(user.KeyHash)) { ["Name"] = user.Name }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        if (previous?.GetBinary("KeyHash") is { } old && !old.AsSpan().SequenceEqual(user.KeyHash))
        {
            await AzureTableBatches.DeleteOneAsync(table, KeysPartition, Convert.ToHexStringLower(old), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<PlatformUserRecord?> UserFindByKeyAsync(byte[] keyHash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyHash);
        var table = await _tables.UsersAsync(cancellationToken).ConfigureAwait(false);
        if (await AzureTableBatches.GetAsync(table, KeysPartition, Convert.ToHexStringLower(keyHash), cancellationToken).ConfigureAwait(false) is not { } index
            || index.GetString("Name") is not { } name
            || await AzureTableBatches.GetAsync(table, UsersPartition, AzureKeys.Text(name), cancellationToken).ConfigureAwait(false) is not { } row
            || row.GetBinary("KeyHash") is not { } stored
            || !stored.AsSpan().SequenceEqual(keyHash))
        {
            return null; // no such key, or an index row left behind by a key change
        }
        return new PlatformUserRecord(name, stored, JsonSerializer.Deserialize<long[]>(row.GetString("Projects") ?? "[]") ?? [], row.GetBoolean("Admin") ?? false);
    }

    /// <inheritdoc/>
    public async Task<bool> UserDeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var table = await _tables.UsersAsync(cancellationToken).ConfigureAwait(false);
        var nameKey = AzureKeys.Text(name);
        if (await AzureTableBatches.GetAsync(table, UsersPartition, nameKey, cancellationToken).ConfigureAwait(false) is not { } row)
        {
            return false;
        }
        if (row.GetBinary("KeyHash") is { } hash)
        {
            await AzureTableBatches.DeleteOneAsync(table, KeysPartition, Convert.ToHexStringLower(hash), cancellationToken).ConfigureAwait(false);
        }
        return await AzureTableBatches.DeleteOneAsync(table, UsersPartition, nameKey, cancellationToken).ConfigureAwait(false);
    }
}
