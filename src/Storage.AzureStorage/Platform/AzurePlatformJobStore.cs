using System.Globalization;
using Azure;
using Azure.Data.Tables;
using JobRuntime.Storage.Platform;

namespace JobRuntime.AzureStorage.Platform;

/// <summary>
/// <see cref="IPlatformJobStore"/> on Azure Tables. A project's jobs share a partition, keyed
/// <c>j{spider}{job}</c> (zero-padded), with a counter row <c>n{spider}</c> per spider: a job is
/// inserted in one transaction with the counter's advance, guarded by its ETag (a race loses with
/// 412 or 409 and retries). Lists and the active-job lookup are queries of the partition;
/// tokens are found through index rows of partition <c>t</c>, checked against the job.
/// </summary>
public sealed class AzurePlatformJobStore(AzurePlatformTables tables) : IPlatformJobStore
{
    internal const string TokensPartition = "t";
    private readonly AzurePlatformTables _tables = tables ?? throw new ArgumentNullException(nameof(tables));

    /// <inheritdoc/>
    public async Task<PlatformJobRecord> JobInsertAsync(PlatformJobRecord job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        var table = await _tables.JobsAsync(cancellationToken).ConfigureAwait(false);
        var partition = AzureKeys.Project(job.Key.Project);
        var inserted = await AzureCounters.RetryAsync(async () =>
        {
            var (last, advance) = await AzureCounters.ReadAsync(table, partition, "n" + AzureKeys.Number(job.Key.Spider), "Next", 1, cancellationToken).ConfigureAwait(false);
            var record = job with { Key = job.Key with { Job = checked((int)(last + 1)) } };
            var rows = Rows(record);
            await table.SubmitTransactionAsync([advance, .. rows.Take(AzureTableBatches.MaxActions - 1).Select(r => new TableTransactionAction(TableTransactionActionType.Add, r))],
                cancellationToken).ConfigureAwait(false);
            return record;
        }).ConfigureAwait(false);
        await IndexTokenAsync(table, inserted, cancellationToken).ConfigureAwait(false);
        return inserted;
    }

    /// <inheritdoc/>
    public async Task<PlatformJobRecord?> JobGetAsync(PlatformJobKey key, CancellationToken cancellationToken = default)
    {
        var table = await _tables.JobsAsync(cancellationToken).ConfigureAwait(false);
        var row = await AzureTableBatches.GetAsync(table, AzureKeys.Project(key.Project), RowKey(key), cancellationToken).ConfigureAwait(false);
        return row is null ? null : await ReadAsync(table, key.Project, row, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task JobUpdateAsync(PlatformJobRecord job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        var table = await _tables.JobsAsync(cancellationToken).ConfigureAwait(false);
        var rows = Rows(job);
        try
        {
            // Only an existing job is written (as the other engines' UPDATE).
            await table.UpdateEntityAsync(rows[0], ETag.All, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return;
        }
        await AzureTableBatches.UpsertAsync(table, rows.Skip(1), cancellationToken).ConfigureAwait(false);
        await IndexTokenAsync(table, job, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<bool> JobPurgeAsync(PlatformJobKey key, CancellationToken cancellationToken = default)
    {
        var table = await _tables.JobsAsync(cancellationToken).ConfigureAwait(false);
        var partition = AzureKeys.Project(key.Project);
        var row = await AzureTableBatches.GetAsync(table, partition, RowKey(key), cancellationToken).ConfigureAwait(false);
        await AzurePlatformPurge.JobDataAsync(_tables, key, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            return false;
        }
        if (row.GetBinary("TokenHash") is { } hash)
        {
            await AzureTableBatches.DeleteOneAsync(table, TokensPartition, Convert.ToHexStringLower(hash), cancellationToken).ConfigureAwait(false);
        }
        await AzureTableBatches.DeleteWhereAsync(table, AzureLargeText.ContinuationFilter(partition, row.RowKey), cancellationToken).ConfigureAwait(false);
        return await AzureTableBatches.DeleteOneAsync(table, partition, row.RowKey, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<PlatformJobRecord>> JobListAsync(PlatformJobListParams query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var table = await _tables.JobsAsync(cancellationToken).ConfigureAwait(false);
        var filter = Jobs(query.Project, query.Spider);
        if (query.States.Count > 0)
        {
            filter += " and (" + string.Join(" or ", query.States.Select(s => TableClient.CreateQueryFilter($"State eq {s}"))) + ")";
        }
        if (query.StartTs is { } start)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Ts ge {start}");
        }
        if (query.EndTs is { } end)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Ts lt {end}");
        }
        var jobs = new List<PlatformJobRecord>();
        foreach (var row in await AzureTableBatches.QueryAsync(table, filter, cancellationToken).ConfigureAwait(false))
        {
            jobs.Add(await ReadAsync(table, query.Project, row, cancellationToken).ConfigureAwait(false));
        }
        return [.. jobs.OrderByDescending(j => j.Timestamp).ThenByDescending(j => j.Key.Spider).ThenByDescending(j => j.Key.Job)];
    }

    /// <inheritdoc/>
    public async Task<PlatformJobKey?> JobFindActiveAsync(long project, string? uniqueKey, string? runKey, CancellationToken cancellationToken = default)
    {
        if (uniqueKey is null && runKey is null)
        {
            return null;
        }
        var table = await _tables.JobsAsync(cancellationToken).ConfigureAwait(false);
        var keys = new List<string>();
        if (uniqueKey is not null)
        {
            keys.Add(TableClient.CreateQueryFilter($"UniqueKey eq {uniqueKey}"));
        }
        if (runKey is not null)
        {
            keys.Add(TableClient.CreateQueryFilter($"RunKey eq {runKey}"));
        }
        var filter = Jobs(project, null)
            + TableClient.CreateQueryFilter($" and (State eq {PlatformJobState.Pending} or State eq {PlatformJobState.Running})")
            + " and (" + string.Join(" or ", keys) + ")";
        var rows = await AzureTableBatches.QueryAsync(table, filter, cancellationToken, 1).ConfigureAwait(false);
        return rows.Count == 0 ? null : KeyOf(project, rows[0].RowKey);
    }

    /// <inheritdoc/>
    public async Task<PlatformJobKey?> JobFindByTokenAsync(byte[] tokenHash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tokenHash);
        var table = await _tables.JobsAsync(cancellationToken).ConfigureAwait(false);
        if (await AzureTableBatches.GetAsync(table, TokensPartition, Convert.ToHexStringLower(tokenHash), cancellationToken).ConfigureAwait(false) is not { } index
            || index.GetInt64("Project") is not { } project || index.GetInt32("Spider") is not { } spider || index.GetInt32("Job") is not { } number)
        {
            return null;
        }
        var key = new PlatformJobKey(project, spider, number);
        // The index row may outlive a token change: the job's own hash decides.
        var row = await AzureTableBatches.GetAsync(table, AzureKeys.Project(project), RowKey(key), cancellationToken).ConfigureAwait(false);
        return row?.GetBinary("TokenHash") is { } stored && stored.AsSpan().SequenceEqual(tokenHash) ? key : null;
    }

    private static async Task IndexTokenAsync(TableClient table, PlatformJobRecord job, CancellationToken cancellationToken)
    {
        if (job.TokenHash is { Length: > 0 } hash)
        {
            var index = new TableEntity(TokensPartition, Convert.ToHexStringLower(hash)) { ["Project"] = job.Key.Project, ["Spider"] = job.Key.Spider, ["Job"] = job.Key.Job };
            await table.UpsertEntityAsync(index, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Jobs(long project, int? spider) => spider is { } s
        ? AzureKeys.Range(AzureKeys.Project(project), "j" + AzureKeys.Number(s), "j" + AzureKeys.Number(s) + "~")
        : AzureKeys.Range(AzureKeys.Project(project), "j", "k");

    private static string RowKey(PlatformJobKey key) => "j" + AzureKeys.Number(key.Spider) + AzureKeys.Number(key.Job);

    private static PlatformJobKey KeyOf(long project, string rowKey) => new(project,
        int.Parse(rowKey.AsSpan(1, 10), CultureInfo.InvariantCulture), int.Parse(rowKey.AsSpan(11, 10), CultureInfo.InvariantCulture));

    private static List<TableEntity> Rows(PlatformJobRecord job)
    {
        var row = new TableEntity(AzureKeys.Project(job.Key.Project), RowKey(job.Key))
        {
            ["State"] = job.State, ["Priority"] = job.Priority, ["Units"] = job.Units, ["Ts"] = job.Timestamp,
        };
        // Null columns are left out: a missing property reads as null.
        if (job.UniqueKey is not null)
        {
            row["UniqueKey"] = job.UniqueKey;
        }
        if (job.RunKey is not null)
        {
            row["RunKey"] = job.RunKey;
        }
        if (job.TokenHash is not null)
        {
            row["TokenHash"] = job.TokenHash;
        }
        return AzureLargeText.Put(row, job.Metadata);
    }

    private static async Task<PlatformJobRecord> ReadAsync(TableClient table, long project, TableEntity row, CancellationToken cancellationToken) => new(
        KeyOf(project, row.RowKey), row.GetString("State") ?? PlatformJobState.Pending, row.GetInt32("Priority") ?? 2, row.GetInt32("Units") ?? 1,
        row.GetInt64("Ts") ?? 0, row.GetString("UniqueKey"), row.GetString("RunKey"), row.GetBinary("TokenHash"),
        await AzureLargeText.GetAsync(table, row, cancellationToken).ConfigureAwait(false) ?? "{}");
}
