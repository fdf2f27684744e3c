using System.Globalization;
using Azure;
using Azure.Data.Tables;
using JobRuntime.Storage.Platform;

namespace JobRuntime.AzureStorage.Platform;

/// <summary>
/// <see cref="IPlatformProjectStore"/> on Azure Tables. Projects are rows of one partition keyed
/// by their zero-padded id. A project's spiders share a partition: <c>s{number}</c> rows, a
/// <c>n{name}</c> index row per name and the <c>c</c> counter, all written in one transaction when
/// a spider is added. Activity events are rows keyed by the complement of their sequence, so the
/// partition's natural order is newest first.
/// </summary>
public sealed partial class AzurePlatformProjectStore(AzurePlatformTables tables, TimeProvider? timeProvider = null) : IPlatformProjectStore
{
    private const string ProjectsPartition = "p";
    private readonly AzurePlatformTables _tables = tables ?? throw new ArgumentNullException(nameof(tables));
    private readonly TimeProvider _clock = timeProvider ?? TimeProvider.System;

    private long Now => _clock.GetUtcNow().ToUnixTimeMilliseconds();

    /// <inheritdoc/>
    public async Task ProjectEnsureAsync(long project, CancellationToken cancellationToken = default)
    {
        var table = await _tables.ProjectsAsync(cancellationToken).ConfigureAwait(false);
        var row = new TableEntity(ProjectsPartition, AzureKeys.Project(project)) { ["Created"] = Now };
        try
        {
            await table.AddEntityAsync(AzureLargeText.Put(row, "{}")[0], cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<long>> ProjectListAsync(CancellationToken cancellationToken = default)
    {
        var table = await _tables.ProjectsAsync(cancellationToken).ConfigureAwait(false);
        var ids = new List<long>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ProjectsPartition}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            ids.Add(long.Parse(row.RowKey, CultureInfo.InvariantCulture));
        }
        return ids;
    }

    /// <inheritdoc/>
    public async Task<string?> ProjectSettingsGetAsync(long project, CancellationToken cancellationToken = default)
    {
        var table = await _tables.ProjectsAsync(cancellationToken).ConfigureAwait(false);
        var row = await AzureTableBatches.GetAsync(table, ProjectsPartition, AzureKeys.Project(project), cancellationToken).ConfigureAwait(false);
        return row is null ? null : await AzureLargeText.GetAsync(table, row, cancellationToken).ConfigureAwait(false) ?? "{}";
    }

    /// <inheritdoc/>
    public async Task ProjectSettingsSetAsync(long project, string settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var table = await _tables.ProjectsAsync(cancellationToken).ConfigureAwait(false);
        var row = new TableEntity(ProjectsPartition, AzureKeys.Project(project));
        // Merge keeps the creation time; Length says how much of the chunks is the new text.
        var rows = AzureLargeText.Put(row, settings);
        await AzureTableBatches.SubmitAsync(table, rows.Select(r => new TableTransactionAction(
            r == row ? TableTransactionActionType.UpsertMerge : TableTransactionActionType.UpsertReplace, r)), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task ActivityAppendAsync(long project, IReadOnlyList<string> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return;
        }
        var table = await _tables.ActivityAsync(cancellationToken).ConfigureAwait(false);
        var partition = AzureKeys.Project(project);
        var first = await AzureCounters.ReserveAsync(table, partition, "c", "Next", events.Count, cancellationToken).ConfigureAwait(false);
        var now = Now;
        var rows = events.SelectMany((data, i) => AzureLargeText.Put(
            new TableEntity(partition, "e" + AzureKeys.Index(long.MaxValue - (first + i))) { ["Seq"] = first + i, ["Ts"] = now }, data));
        await AzureTableBatches.UpsertAsync(table, rows, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<PlatformActivityRecord>> ActivityListAsync(long project, int count, CancellationToken cancellationToken = default)
    {
        var table = await _tables.ActivityAsync(cancellationToken).ConfigureAwait(false);
        var rows = await AzureTableBatches.QueryAsync(table, AzureKeys.Range(AzureKeys.Project(project), "e", "f"), cancellationToken, Math.Max(0, count)).ConfigureAwait(false);
        var events = new List<PlatformActivityRecord>(rows.Count);
        foreach (var row in rows)
        {
            events.Add(new PlatformActivityRecord(row.GetInt64("Seq") ?? 0, row.GetInt64("Ts") ?? 0,
                await AzureLargeText.GetAsync(table, row, cancellationToken).ConfigureAwait(false) ?? "{}"));
        }
        return events;
    }
}
