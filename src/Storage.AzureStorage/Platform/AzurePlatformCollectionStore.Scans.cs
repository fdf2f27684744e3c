using Azure.Data.Tables;
using JobRuntime.Storage.Platform;

namespace JobRuntime.AzureStorage.Platform;

/// <summary>Scans, deletes and truncation of collections.</summary>
public sealed partial class AzurePlatformCollectionStore
{
    /// <inheritdoc/>
    public async Task<IReadOnlyList<PlatformCollectionRecord>> CollectionScanAsync(PlatformCollectionScanParams query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var table = await _tables.CollectionsAsync(cancellationToken).ConfigureAwait(false);
        var partition = Partition(query.Collection);
        var rows = new List<TableEntity>();
        if (query.Keys.Count > 0)
        {
            foreach (var key in query.Keys.Distinct(StringComparer.Ordinal))
            {
                if (await AzureTableBatches.GetAsync(table, partition, "k" + AzureKeys.Text(key), cancellationToken).ConfigureAwait(false) is { } row)
                {
                    rows.Add(row);
                }
            }
        }
        else
        {
            // Each prefix is a RowKey range; the key bounds and times narrow every range.
            var ranges = query.Prefixes.Count == 0
                ? [("k", "l")]
                : query.Prefixes.Distinct(StringComparer.Ordinal).Select(p => ("k" + AzureKeys.Prefix(p), "k" + AzureKeys.Prefix(p) + AzureKeys.HexEnd));
            foreach (var (from, to) in ranges)
            {
                var filter = AzureKeys.Range(partition, from, to);
                if (query.Start is { } start)
                {
                    filter += TableClient.CreateQueryFilter($" and RowKey ge {"k" + AzureKeys.Text(start)}");
                }
                if (query.StartAfter is { } after)
                {
                    filter += TableClient.CreateQueryFilter($" and RowKey gt {"k" + AzureKeys.Text(after)}");
                }
                if (query.StartTs is { } startTs)
                {
                    filter += TableClient.CreateQueryFilter($" and Ts ge {startTs}");
                }
                if (query.EndTs is { } endTs)
                {
                    filter += TableClient.CreateQueryFilter($" and Ts lt {endTs}");
                }
                rows.AddRange(await AzureTableBatches.QueryAsync(table, filter, cancellationToken, query.Limit).ConfigureAwait(false));
            }
        }
        var records = new List<(string RowKey, PlatformCollectionRecord Record)>();
        foreach (var row in rows.DistinctBy(r => r.RowKey, StringComparer.Ordinal).OrderBy(r => r.RowKey, StringComparer.Ordinal))
        {
            var record = await ReadAsync(table, row, cancellationToken).ConfigureAwait(false);
            if (Matches(query, row.RowKey, record))
            {
                records.Add((row.RowKey, record));
            }
            if (query.Limit >= 0 && records.Count >= query.Limit)
            {
                break;
            }
        }
        return [.. records.Select(r => r.Record)];
    }

    /// <inheritdoc/>
    public async Task CollectionDeleteAsync(PlatformCollectionId collection, IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var table = await _tables.CollectionsAsync(cancellationToken).ConfigureAwait(false);
        var partition = Partition(collection);
        var doomed = new List<TableEntity>();
        foreach (var key in keys.Distinct(StringComparer.Ordinal))
        {
            var encoded = AzureKeys.Text(key);
            if (await AzureTableBatches.GetAsync(table, partition, "k" + encoded, cancellationToken).ConfigureAwait(false) is not { } row)
            {
                continue; // a missing key is no error (and has no history)
            }
            doomed.Add(row);
            if (PlatformCollectionTypes.IsVersioned(collection.Type))
            {
                doomed.AddRange(await AzureTableBatches.QueryAsync(table, History(partition, encoded), cancellationToken).ConfigureAwait(false));
            }
        }
        foreach (var row in doomed)
        {
            await DropContinuationsAsync(table, row, cancellationToken).ConfigureAwait(false);
        }
        await AzureTableBatches.DeleteAsync(table, doomed.Select(r => (r.PartitionKey, r.RowKey)), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<int> CollectionTruncateAsync(long project, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var table = await _tables.CollectionsAsync(cancellationToken).ConfigureAwait(false);
        var records = 0;
        foreach (var type in new[] { "s", "cs", "vs", "vcs" })
        {
            var whole = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(new PlatformCollectionId(project, type, name))}");
            await AzureTableBatches.DeleteWhereAsync(table, whole, cancellationToken, seen: row => records += row.RowKey.StartsWith('k') ? 1 : 0).ConfigureAwait(false);
            await AzureTableBatches.DeleteOneAsync(table, AzureKeys.Project(project), RegistryRow(type, name), cancellationToken).ConfigureAwait(false);
        }
        return records;
    }

    // The conditions a RowKey range cannot state exactly: exact prefixes and bounds of keys too long to encode whole.
    private static bool Matches(PlatformCollectionScanParams query, string rowKey, PlatformCollectionRecord record) =>
        (query.Keys.Count == 0 || query.Keys.Contains(record.Key, StringComparer.Ordinal))
        && (query.Prefixes.Count == 0 || query.Prefixes.Any(p => record.Key.StartsWith(p, StringComparison.Ordinal)))
        && (query.Start is null || string.CompareOrdinal(rowKey, "k" + AzureKeys.Text(query.Start)) >= 0)
        && (query.StartAfter is null || string.CompareOrdinal(rowKey, "k" + AzureKeys.Text(query.StartAfter)) > 0)
        && (query.StartTs is null || record.Timestamp >= query.StartTs)
        && (query.EndTs is null || record.Timestamp < query.EndTs);
}
