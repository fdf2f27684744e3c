using System.Globalization;
using Azure.Data.Tables;
using JobRuntime.Storage.Platform;

namespace JobRuntime.AzureStorage.Platform;

/// <summary>Spiders: <c>s{number}</c> rows, <c>n{name}</c> index rows and the <c>c</c> counter in the project's partition.</summary>
public sealed partial class AzurePlatformProjectStore
{
    /// <inheritdoc/>
    public async Task<PlatformSpiderRecord?> SpiderGetByNameAsync(long project, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var table = await _tables.SpidersAsync(cancellationToken).ConfigureAwait(false);
        var index = await AzureTableBatches.GetAsync(table, AzureKeys.Project(project), "n" + AzureKeys.Text(name), cancellationToken).ConfigureAwait(false);
        return index?.GetInt32("Spider") is { } spider ? await SpiderAsync(table, project, spider, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <inheritdoc/>
    public async Task<PlatformSpiderRecord?> SpiderGetAsync(long project, int spider, CancellationToken cancellationToken = default)
    {
        var table = await _tables.SpidersAsync(cancellationToken).ConfigureAwait(false);
        return await SpiderAsync(table, project, spider, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<PlatformSpiderRecord> SpiderEnsureAsync(long project, string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var table = await _tables.SpidersAsync(cancellationToken).ConfigureAwait(false);
        var partition = AzureKeys.Project(project);
        var nameKey = "n" + AzureKeys.Text(name);
        // Two silos may add spiders at once: the counter's ETag and the name row's insert decide, and the loser reads again.
        return await AzureCounters.RetryAsync(async () =>
        {
            if (await SpiderGetByNameAsync(project, name, cancellationToken).ConfigureAwait(false) is { } found)
            {
                return found;
            }
            await ProjectEnsureAsync(project, cancellationToken).ConfigureAwait(false);
            var (last, advance) = await AzureCounters.ReadAsync(table, partition, "c", "Next", 1, cancellationToken).ConfigureAwait(false);
            var number = checked((int)(last + 1));
            var spider = new PlatformSpiderRecord(project, number, name, "[]", null);
            await table.SubmitTransactionAsync(
            [
                advance,
                new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partition, nameKey) { ["Spider"] = number }),
                new TableTransactionAction(TableTransactionActionType.Add, SpiderRow(spider)[0]),
            ], cancellationToken).ConfigureAwait(false);
            return spider;
        }).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task SpiderUpdateAsync(PlatformSpiderRecord spider, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spider);
        var table = await _tables.SpidersAsync(cancellationToken).ConfigureAwait(false);
        if (await SpiderAsync(table, spider.Project, spider.Id, cancellationToken).ConfigureAwait(false) is not { } stored)
        {
            return; // as the other engines: an update of no spider changes nothing
        }
        await AzureTableBatches.UpsertAsync(table, SpiderRow(spider with { Name = stored.Name }), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<PlatformSpiderRecord>> SpiderListAsync(long project, CancellationToken cancellationToken = default)
    {
        var table = await _tables.SpidersAsync(cancellationToken).ConfigureAwait(false);
        var spiders = new List<PlatformSpiderRecord>();
        foreach (var row in await AzureTableBatches.QueryAsync(table, AzureKeys.Range(AzureKeys.Project(project), "s", "t"), cancellationToken).ConfigureAwait(false))
        {
            spiders.Add(await ReadSpiderAsync(table, project, row, cancellationToken).ConfigureAwait(false));
        }
        return spiders;
    }

    private static async Task<PlatformSpiderRecord?> SpiderAsync(TableClient table, long project, int spider, CancellationToken cancellationToken)
    {
        var row = await AzureTableBatches.GetAsync(table, AzureKeys.Project(project), "s" + AzureKeys.Number(spider), cancellationToken).ConfigureAwait(false);
        return row is null ? null : await ReadSpiderAsync(table, project, row, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<PlatformSpiderRecord> ReadSpiderAsync(TableClient table, long project, TableEntity row, CancellationToken cancellationToken) =>
        new(project, int.Parse(row.RowKey.AsSpan(1), CultureInfo.InvariantCulture), row.GetString("Name") ?? "", row.GetString("Tags") ?? "[]",
            await AzureLargeText.GetAsync(table, row, cancellationToken).ConfigureAwait(false));

    private static List<TableEntity> SpiderRow(PlatformSpiderRecord spider) => AzureLargeText.Put(
        new TableEntity(AzureKeys.Project(spider.Project), "s" + AzureKeys.Number(spider.Id)) { ["Name"] = spider.Name, ["Tags"] = spider.Tags },
        spider.Program);
}
