using System.Globalization;
using Azure.Data.Tables;
using JobRuntime.Storage.Platform;

namespace JobRuntime.AzureStorage.Platform;

/// <summary>
/// <see cref="IPlatformDataStore"/> on Azure Tables. Each stream of a job is a partition
/// (<c>{project}-{kind}-{spider}-{job}</c>) whose records are rows keyed by their zero-padded index,
/// so a resent batch upserts the same rows, and a read across a project's jobs is one query over
/// a PartitionKey range, returned in (spider, job, index) order. A batch goes as transactions of
/// up to 100 rows. The count (the next index to append at) is kept in the partition's <c>n</c>
/// row, raised after each batch with the row's ETag as the embedded engine's MAX(index) + 1 would be.
/// </summary>
public sealed class AzurePlatformDataStore(AzurePlatformTables tables) : IPlatformDataStore
{
    private const string CountRow = "n";
    private readonly AzurePlatformTables _tables = tables ?? throw new ArgumentNullException(nameof(tables));

    /// <inheritdoc/>
    public async Task DataWriteAsync(PlatformDataWriteParams batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Records.Count == 0)
        {
            return;
        }
        var table = await _tables.DataAsync(cancellationToken).ConfigureAwait(false);
        var partition = AzurePlatformPurge.DataPartition(batch.Job, batch.Kind);
        var rows = batch.Records.ToStrings().SelectMany((data, i) =>
            AzureLargeText.Put(new TableEntity(partition, AzureKeys.Index(batch.Start + i)) { ["Ts"] = batch.Timestamp }, data));
        await AzureTableBatches.UpsertAsync(table, rows, cancellationToken).ConfigureAwait(false);
        var end = batch.Start + batch.Records.Count;
        await AzureCounters.RetryAsync(async () =>
        {
            var current = await AzureTableBatches.GetAsync(table, partition, CountRow, cancellationToken).ConfigureAwait(false);
            if (current?.GetInt64("Count") >= end)
            {
                return 0;
            }
            var next = new TableEntity(partition, CountRow) { ["Count"] = end };
            await table.SubmitTransactionAsync([current is null
                ? new TableTransactionAction(TableTransactionActionType.Add, next)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, next, current.ETag)], cancellationToken).ConfigureAwait(false);
            return 1;
        }).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<PlatformDataRecord>> DataReadAsync(PlatformDataReadParams query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var table = await _tables.DataAsync(cancellationToken).ConfigureAwait(false);
        var prefix = AzurePlatformPurge.DataPrefix(query.Project, query.Kind);
        var filter = (query.Spider, query.Job) switch
        {
            ({ } s, { } j) => TableClient.CreateQueryFilter($"PartitionKey eq {AzurePlatformPurge.DataPartition(new PlatformJobKey(query.Project, s, j), query.Kind)}"),
            ({ } s, null) => AzureKeys.PartitionPrefix($"{prefix}{AzureKeys.Number(s)}-"),
            _ => AzureKeys.PartitionPrefix(prefix),
        };
        // Records only: index rows sort before ':', the count row and continuation rows after.
        filter += " and RowKey lt ':'";
        if (query.From is { } from)
        {
            var start = AzurePlatformPurge.DataPartition(new PlatformJobKey(query.Project, from.Spider, from.Job), query.Kind);
            filter += TableClient.CreateQueryFilter($" and (PartitionKey gt {start} or (PartitionKey eq {start} and RowKey ge {AzureKeys.Index(from.Index)}))");
        }
        if (query.StartTs is { } startTs)
        {
            filter += TableClient.CreateQueryFilter($" and Ts ge {startTs}");
        }
        if (query.EndTs is { } endTs)
        {
            filter += TableClient.CreateQueryFilter($" and Ts lt {endTs}");
        }
        var rows = await AzureTableBatches.QueryAsync(table, filter, cancellationToken, query.Limit).ConfigureAwait(false);
        var records = new List<PlatformDataRecord>(rows.Count);
        foreach (var row in rows)
        {
            var key = new PlatformJobKey(query.Project,
                int.Parse(row.PartitionKey.AsSpan(22, 10), CultureInfo.InvariantCulture), int.Parse(row.PartitionKey.AsSpan(33, 10), CultureInfo.InvariantCulture));
            records.Add(new PlatformDataRecord(key, long.Parse(row.RowKey, CultureInfo.InvariantCulture), row.GetInt64("Ts") ?? 0,
                await AzureLargeText.GetAsync(table, row, cancellationToken).ConfigureAwait(false) ?? ""));
        }
        return records;
    }

    /// <inheritdoc/>
    public async Task<long> DataCountAsync(PlatformJobKey job, PlatformDataKind kind, CancellationToken cancellationToken = default)
    {
        var table = await _tables.DataAsync(cancellationToken).ConfigureAwait(false);
        var row = await AzureTableBatches.GetAsync(table, AzurePlatformPurge.DataPartition(job, kind), CountRow, cancellationToken).ConfigureAwait(false);
        return row?.GetInt64("Count") ?? 0;
    }

    /// <inheritdoc/>
    public async Task<long> DataBytesAsync(PlatformDataBytesParams query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var table = await _tables.DataAsync(cancellationToken).ConfigureAwait(false);
        PlatformDataKind[] kinds = query.Kind is { } kind ? [kind] : [PlatformDataKind.Items, PlatformDataKind.Logs, PlatformDataKind.Requests, PlatformDataKind.Samples];
        long total = 0;
        foreach (var k in kinds)
        {
            // Records only (index rows sort before ':'), weighed by the UTF-8 length kept with each.
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {AzurePlatformPurge.DataPartition(query.Job, k)}") + " and RowKey lt ':'";
            if (query.From is { } from)
            {
                filter += TableClient.CreateQueryFilter($" and RowKey ge {AzureKeys.Index(from)}");
            }
            if (query.To is { } to)
            {
                filter += TableClient.CreateQueryFilter($" and RowKey lt {AzureKeys.Index(to)}");
            }
            await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["Length"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                total += row.GetInt32("Length") ?? 0;
            }
        }
        return total;
    }
}
