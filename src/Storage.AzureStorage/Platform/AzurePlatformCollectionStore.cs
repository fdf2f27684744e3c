using Azure.Data.Tables;
using JobRuntime.Storage.Platform;

namespace JobRuntime.AzureStorage.Platform;

/// <summary>
/// <see cref="IPlatformCollectionStore"/> on Azure Tables. A collection is a partition
/// (<c>{project}-{type}-{name}</c>) whose records are rows <c>k{key}</c>, the key encoded by
/// <see cref="AzureKeys"/> so that key order, prefixes and ranges are RowKey order and ranges;
/// a versioned collection keeps a key's earlier values in rows <c>v{key}~{seq}</c>. Values (up to
/// 1 MiB) go through <see cref="AzureLargeText"/>. The project's partition lists its collections,
/// one row per collection that was ever written; the list shows those that hold a record.
/// </summary>
public sealed partial class AzurePlatformCollectionStore(AzurePlatformTables tables) : IPlatformCollectionStore
{
    private readonly AzurePlatformTables _tables = tables ?? throw new ArgumentNullException(nameof(tables));

    /// <inheritdoc/>
    public async Task CollectionSetAsync(PlatformCollectionId collection, IReadOnlyList<KeyValuePair<string, string>> records, long timestamp, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return;
        }
        var table = await _tables.CollectionsAsync(cancellationToken).ConfigureAwait(false);
        var registry = new TableEntity(AzureKeys.Project(collection.Project), RegistryRow(collection.Type, collection.Name)) { ["Type"] = collection.Type, ["Name"] = collection.Name };
        await table.UpsertEntityAsync(registry, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        var partition = Partition(collection);
        if (!PlatformCollectionTypes.IsVersioned(collection.Type))
        {
            // The last value of a key sent twice wins, as with one write after the other.
            var latest = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in records)
            {
                latest[key] = value;
            }
            await AzureTableBatches.UpsertAsync(table, latest.SelectMany(r => Record(partition, "k", r.Key, timestamp, r.Value)), cancellationToken).ConfigureAwait(false);
            return;
        }
        foreach (var (key, value) in records)
        {
            await SetVersionedAsync(table, partition, key, value, timestamp, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<PlatformCollectionRecord?> CollectionGetAsync(PlatformCollectionId collection, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var table = await _tables.CollectionsAsync(cancellationToken).ConfigureAwait(false);
        var row = await AzureTableBatches.GetAsync(table, Partition(collection), "k" + AzureKeys.Text(key), cancellationToken).ConfigureAwait(false);
        return row is null ? null : await ReadAsync(table, row, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<PlatformCollectionRecord>> CollectionVersionsAsync(PlatformCollectionId collection, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var table = await _tables.CollectionsAsync(cancellationToken).ConfigureAwait(false);
        var partition = Partition(collection);
        var encoded = AzureKeys.Text(key);
        if (await AzureTableBatches.GetAsync(table, partition, "k" + encoded, cancellationToken).ConfigureAwait(false) is not { } current)
        {
            return [];
        }
        var versions = new List<PlatformCollectionRecord> { await ReadAsync(table, current, cancellationToken).ConfigureAwait(false) };
        if (PlatformCollectionTypes.IsVersioned(collection.Type))
        {
            var history = await AzureTableBatches.QueryAsync(table, History(partition, encoded), cancellationToken).ConfigureAwait(false);
            foreach (var row in history.OrderByDescending(r => r.GetInt64("Seq")).Take(PlatformCollectionTypes.RetainedVersions - 1))
            {
                versions.Add(await ReadAsync(table, row, cancellationToken).ConfigureAwait(false));
            }
        }
        return versions;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<PlatformCollectionId>> CollectionListAsync(long project, CancellationToken cancellationToken = default)
    {
        var table = await _tables.CollectionsAsync(cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {AzureKeys.Project(project)}");
        var collections = new List<PlatformCollectionId>();
        foreach (var row in await AzureTableBatches.QueryAsync(table, filter, cancellationToken).ConfigureAwait(false))
        {
            var id = new PlatformCollectionId(project, row.GetString("Type") ?? "s", row.GetString("Name") ?? "");
            if ((await AzureTableBatches.QueryAsync(table, AzureKeys.Range(Partition(id), "k", "l"), cancellationToken, 1).ConfigureAwait(false)).Count > 0)
            {
                collections.Add(id);
            }
        }
        return [.. collections.OrderBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Type, StringComparer.Ordinal)];
    }

    private static async Task SetVersionedAsync(TableClient table, string partition, string key, string value, long timestamp, CancellationToken cancellationToken)
    {
        var encoded = AzureKeys.Text(key);
        var actions = new List<TableTransactionAction>();
        if (await AzureTableBatches.GetAsync(table, partition, "k" + encoded, cancellationToken).ConfigureAwait(false) is { } current)
        {
            // The current value moves into the key's history, which keeps the newest RetainedVersions - 1.
            var history = (await AzureTableBatches.QueryAsync(table, History(partition, encoded), cancellationToken).ConfigureAwait(false))
                .OrderByDescending(r => r.GetInt64("Seq")).ToList();
            var seq = (history.Count == 0 ? 0 : history[0].GetInt64("Seq") ?? 0) + 1;
            var old = await ReadAsync(table, current, cancellationToken).ConfigureAwait(false);
            var kept = Record(partition, "v", key, old.Timestamp, old.Value, "~" + AzureKeys.Index(seq));
            kept[0]["Seq"] = seq;
            actions.AddRange(kept.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)));
            foreach (var dropped in history.Skip(PlatformCollectionTypes.RetainedVersions - 2))
            {
                await DropContinuationsAsync(table, dropped, cancellationToken).ConfigureAwait(false);
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, dropped, Azure.ETag.All));
            }
        }
        actions.AddRange(Record(partition, "k", key, timestamp, value).Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)));
        await AzureTableBatches.SubmitAsync(table, actions, cancellationToken).ConfigureAwait(false);
    }

    private static List<TableEntity> Record(string partition, string kind, string key, long timestamp, string value, string suffix = "")
    {
        var row = new TableEntity(partition, kind + AzureKeys.Text(key, out var truncated) + suffix) { ["Ts"] = timestamp };
        AzureKeys.KeepText(row, "Key", key, truncated);
        return AzureLargeText.Put(row, value);
    }

    private static async Task<PlatformCollectionRecord> ReadAsync(TableClient table, TableEntity row, CancellationToken cancellationToken)
    {
        var encoded = row.RowKey[1..];
        var end = encoded.IndexOf('~', StringComparison.Ordinal);
        var key = AzureKeys.Decode(end < 0 ? encoded : encoded[..end], row, "Key");
        return new PlatformCollectionRecord(key, row.GetInt64("Ts") ?? 0, await AzureLargeText.GetAsync(table, row, cancellationToken).ConfigureAwait(false) ?? "{}");
    }

    private static async Task DropContinuationsAsync(TableClient table, TableEntity row, CancellationToken cancellationToken)
    {
        if ((row.GetInt32("Parts") ?? 1) > 1)
        {
            await AzureTableBatches.DeleteWhereAsync(table, AzureLargeText.ContinuationFilter(row.PartitionKey, row.RowKey), cancellationToken).ConfigureAwait(false);
        }
    }

    private static string History(string partition, string encodedKey) => AzureKeys.Range(partition, "v" + encodedKey + "~", "v" + encodedKey + "~~");

    private static string RegistryRow(string type, string name) => type + "-" + AzureKeys.Name(name);

    private static string Partition(PlatformCollectionId id) => $"{AzureKeys.Project(id.Project)}-{id.Type}-{AzureKeys.Name(id.Name)}";
}
