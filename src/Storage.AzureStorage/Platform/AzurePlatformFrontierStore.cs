using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using JobRuntime.Storage.Platform;

namespace JobRuntime.AzureStorage.Platform;

/// <summary>
/// <see cref="IPlatformFrontierStore"/> on Azure Tables. A slot is a partition
/// (<c>{project}-{frontier}-{slot}</c>): fingerprint rows <c>f{fingerprint}</c>, inserted
/// conditionally (a 409 means seen before), batch rows <c>b{id}</c> holding their requests, and
/// the <c>m</c> row with the slot's counters, advanced under its ETag. A batch id is the priority
/// in two hex digits followed by its first request's number in sixteen, so batch rows sort by
/// priority and then age, as in the other engines. The project's partition lists its slots.
/// </summary>
public sealed class AzurePlatformFrontierStore(AzurePlatformTables tables) : IPlatformFrontierStore
{
    private readonly AzurePlatformTables _tables = tables ?? throw new ArgumentNullException(nameof(tables));

    /// <inheritdoc/>
    public async Task<int> FrontierAddAsync(PlatformSlotId slot, IReadOnlyList<PlatformFrontierRequest> requests, int batchSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        // A fingerprint twice in one call counts once: its first request.
        var items = requests.DistinctBy(r => r.Fingerprint, StringComparer.Ordinal).ToList();
        if (items.Count == 0)
        {
            return 0;
        }
        var table = await _tables.FrontiersAsync(cancellationToken).ConfigureAwait(false);
        var registry = new TableEntity(AzureKeys.Project(slot.Project), RegistryRow(slot.Frontier, slot.Slot)) { ["Frontier"] = slot.Frontier, ["Slot"] = slot.Slot };
        await table.UpsertEntityAsync(registry, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        var partition = Partition(slot);
        var first = await AzureCounters.ReserveAsync(table, partition, "m", "Next", items.Count, cancellationToken).ConfigureAwait(false);
        var rows = items.Select((r, i) =>
        {
            var row = new TableEntity(partition, "f" + AzureKeys.Text(r.Fingerprint, out var truncated)) { ["Seq"] = first + i };
            AzureKeys.KeepText(row, "Fp", r.Fingerprint, truncated);
            return AzureLargeText.Put(row, r.FingerprintData);
        }).ToList();
        var fresh = await InsertNewAsync(table, rows, cancellationToken).ConfigureAwait(false);
        // The open batch of each priority in this call, its first request's number and its requests.
        var open = new Dictionary<int, (string Id, List<(string, string?)> Requests)>();
        var batches = new List<(string Id, List<(string, string?)> Requests)>();
        for (var i = 0; i < items.Count; i++)
        {
            if (!fresh[i])
            {
                continue; // seen before: not queued again
            }
            var request = items[i];
            if (!open.TryGetValue(request.Priority, out var batch) || batch.Requests.Count >= batchSize)
            {
                batch = (string.Create(CultureInfo.InvariantCulture, $"{Math.Clamp(request.Priority, 0, 255):x2}{first + i:x16}"), []);
                open[request.Priority] = batch;
                batches.Add(batch);
            }
            batch.Requests.Add((request.Fingerprint, request.QueueData));
        }
        await AzureTableBatches.UpsertAsync(table, batches.SelectMany(b => AzureLargeText.Put(new TableEntity(partition, "b" + b.Id),
            JsonSerializer.Serialize(b.Requests.Select(r => new[] { r.Item1, r.Item2 })))), cancellationToken).ConfigureAwait(false);
        return fresh.Count(f => f);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<PlatformFrontierBatch>> FrontierBatchReadAsync(PlatformSlotId slot, int? minCount, int maxBatches, CancellationToken cancellationToken = default)
    {
        var table = await _tables.FrontiersAsync(cancellationToken).ConfigureAwait(false);
        var batches = new List<PlatformFrontierBatch>();
        var total = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(AzureKeys.Range(Partition(slot), "b", "c"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (batches.Count >= maxBatches || (minCount is { } min && total >= min))
            {
                break;
            }
            var requests = JsonSerializer.Deserialize<string?[][]>(await AzureLargeText.GetAsync(table, row, cancellationToken).ConfigureAwait(false) ?? "[]") ?? [];
            batches.Add(new PlatformFrontierBatch(row.RowKey[1..], [.. requests.Select(r => (r[0] ?? "", r[1]))]));
            total += requests.Length;
        }
        return batches;
    }

    /// <inheritdoc/>
    public async Task FrontierBatchDeleteAsync(PlatformSlotId slot, IReadOnlyList<string> batchIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batchIds);
        var table = await _tables.FrontiersAsync(cancellationToken).ConfigureAwait(false);
        var partition = Partition(slot);
        // Only well-formed ids can name a batch; others are unknown ids, which are no error.
        var ids = batchIds.Where(id => id.Length == 18 && id.All(char.IsAsciiHexDigitLower)).Distinct(StringComparer.Ordinal).ToList();
        foreach (var id in ids)
        {
            await AzureTableBatches.DeleteWhereAsync(table, AzureLargeText.ContinuationFilter(partition, "b" + id), cancellationToken).ConfigureAwait(false);
        }
        await AzureTableBatches.DeleteAsync(table, ids.Select(id => (partition, "b" + id)), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<string>> FrontierFingerprintReadAsync(PlatformSlotId slot, CancellationToken cancellationToken = default)
    {
        var table = await _tables.FrontiersAsync(cancellationToken).ConfigureAwait(false);
        var rows = await AzureTableBatches.QueryAsync(table, AzureKeys.Range(Partition(slot), "f", "g"), cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => (Seq: r.GetInt64("Seq") ?? 0, Fp: AzureKeys.Decode(r.RowKey[1..], r, "Fp")))
            .OrderBy(r => r.Seq).ThenBy(r => r.Fp, StringComparer.Ordinal).Select(r => r.Fp)];
    }

    /// <inheritdoc/>
    public async Task FrontierSlotDeleteAsync(PlatformSlotId slot, CancellationToken cancellationToken = default)
    {
        var table = await _tables.FrontiersAsync(cancellationToken).ConfigureAwait(false);
        await AzureTableBatches.DeleteWhereAsync(table, TableClient.CreateQueryFilter($"PartitionKey eq {Partition(slot)}"), cancellationToken).ConfigureAwait(false);
        await AzureTableBatches.DeleteOneAsync(table, AzureKeys.Project(slot.Project), RegistryRow(slot.Frontier, slot.Slot), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<string>> FrontierListAsync(long project, CancellationToken cancellationToken = default) =>
        [.. (await SlotsAsync(project, null, cancellationToken).ConfigureAwait(false)).Select(s => s.Frontier).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <inheritdoc/>
    public async Task<IReadOnlyList<string>> FrontierSlotListAsync(long project, string frontier, CancellationToken cancellationToken = default) =>
        [.. (await SlotsAsync(project, frontier, cancellationToken).ConfigureAwait(false)).Select(s => s.Slot).Order(StringComparer.Ordinal)];

    // Adds the fingerprint rows that are new, a transaction of up to 100 at a time. A transaction
    // fails whole at its first seen row (409): that row is dropped, the rest of its chunk is looked
    // up (in parallel) and the seen ones dropped too, and the remainder is tried again.
    private static async Task<bool[]> InsertNewAsync(TableClient table, List<List<TableEntity>> rows, CancellationToken cancellationToken)
    {
        var fresh = new bool[rows.Count];
        var pending = Enumerable.Range(0, rows.Count).ToList();
        while (pending.Count > 0)
        {
            var chunk = new List<int>();
            var bytes = 0;
            foreach (var i in pending)
            {
                var size = rows[i].Sum(AzureLargeText.Size);
                if (chunk.Count > 0 && (chunk.Count + rows[i].Count > AzureTableBatches.MaxActions || bytes + size > AzureTableBatches.MaxTransactionBytes))
                {
                    break;
                }
                chunk.Add(i);
                bytes += size;
            }
            pending.RemoveRange(0, chunk.Count);
            while (chunk.Count > 0)
            {
                var actions = chunk.SelectMany(i => rows[i].Select(r => (Index: i, Action: new TableTransactionAction(TableTransactionActionType.Add, r)))).ToList();
                try
                {
                    await table.SubmitTransactionAsync(actions.Select(a => a.Action), cancellationToken).ConfigureAwait(false);
                    foreach (var i in chunk)
                    {
                        fresh[i] = true;
                    }
                    break;
                }
                catch (TableTransactionFailedException e) when (e.Status == 409)
                {
                    if (e.FailedTransactionActionIndex is { } at && at < actions.Count)
                    {
                        chunk.Remove(actions[at].Index);
                    }
                    var seen = new System.Collections.Concurrent.ConcurrentBag<int>();
                    await Parallel.ForEachAsync(chunk, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (i, ct) =>
                    {
                        var row = rows[i][0];
                        var found = await table.GetEntityIfExistsAsync<TableEntity>(row.PartitionKey, row.RowKey, ["RowKey"], ct).ConfigureAwait(false);
                        if (found.HasValue)
                        {
                            seen.Add(i);
                        }
                    }).ConfigureAwait(false);
                    if (seen.IsEmpty && e.FailedTransactionActionIndex is null)
                    {
                        // Nothing seen and no index: the rows one by one.
                        foreach (var i in chunk)
                        {
                            fresh[i] = await TryAddAsync(table, rows[i], cancellationToken).ConfigureAwait(false);
                        }
                        break;
                    }
                    chunk.RemoveAll(seen.Contains);
                }
            }
        }
        return fresh;
    }

    private static async Task<bool> TryAddAsync(TableClient table, List<TableEntity> rows, CancellationToken cancellationToken)
    {
        try
        {
            await table.SubmitTransactionAsync(rows.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    private async Task<List<(string Frontier, string Slot)>> SlotsAsync(long project, string? frontier, CancellationToken cancellationToken)
    {
        var table = await _tables.FrontiersAsync(cancellationToken).ConfigureAwait(false);
        var partition = AzureKeys.Project(project);
        var filter = frontier is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partition}")
            : AzureKeys.Range(partition, AzureKeys.Name(frontier) + ".", AzureKeys.Name(frontier) + "/");
        var rows = await AzureTableBatches.QueryAsync(table, filter, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => (r.GetString("Frontier") ?? "", r.GetString("Slot") ?? ""))];
    }

    private static string RegistryRow(string frontier, string slot) => AzureKeys.Name(frontier) + "." + AzureKeys.Name(slot);

    private static string Partition(PlatformSlotId slot) => $"{AzureKeys.Project(slot.Project)}-{AzureKeys.Name(slot.Frontier)}.{AzureKeys.Name(slot.Slot)}";
}

