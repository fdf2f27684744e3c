using Azure.Data.Tables;

namespace JobRuntime.AzureStorage.Platform;

/// <summary>The administrator's deletes of a spider or a whole project, across the stores' tables.</summary>
public sealed partial class AzurePlatformProjectStore
{
    /// <inheritdoc/>
    public async Task<bool> SpiderDeleteAsync(long project, int spider, CancellationToken cancellationToken = default)
    {
        var table = await _tables.SpidersAsync(cancellationToken).ConfigureAwait(false);
        if (await SpiderAsync(table, project, spider, cancellationToken).ConfigureAwait(false) is not { } found)
        {
            return false;
        }
        await AzurePlatformPurge.JobsAsync(_tables, project, spider, cancellationToken).ConfigureAwait(false);
        var partition = AzureKeys.Project(project);
        var row = "s" + AzureKeys.Number(spider);
        await AzureTableBatches.DeleteWhereAsync(table, AzureLargeText.ContinuationFilter(partition, row), cancellationToken).ConfigureAwait(false);
        await AzureTableBatches.DeleteOneAsync(table, partition, "n" + AzureKeys.Text(found.Name), cancellationToken).ConfigureAwait(false);
        return await AzureTableBatches.DeleteOneAsync(table, partition, row, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<bool> ProjectDeleteAsync(long project, CancellationToken cancellationToken = default)
    {
        var partition = AzureKeys.Project(project);
        var whole = TableClient.CreateQueryFilter($"PartitionKey eq {partition}");
        var count = await AzurePlatformPurge.JobsAsync(_tables, project, null, cancellationToken).ConfigureAwait(false);
        count += await AzureTableBatches.DeleteWhereAsync(await _tables.SpidersAsync(cancellationToken).ConfigureAwait(false), whole, cancellationToken).ConfigureAwait(false);
        count += await AzureTableBatches.DeleteWhereAsync(await _tables.ActivityAsync(cancellationToken).ConfigureAwait(false), whole, cancellationToken).ConfigureAwait(false);
        // Collections and frontiers: the project's registry partition and the partitions it names.
        count += await AzureTableBatches.DeleteWhereAsync(await _tables.CollectionsAsync(cancellationToken).ConfigureAwait(false), AzureKeys.PartitionPrefix(partition), cancellationToken).ConfigureAwait(false);
        count += await AzureTableBatches.DeleteWhereAsync(await _tables.FrontiersAsync(cancellationToken).ConfigureAwait(false), AzureKeys.PartitionPrefix(partition), cancellationToken).ConfigureAwait(false);
        var projects = await _tables.ProjectsAsync(cancellationToken).ConfigureAwait(false);
        count += await AzureTableBatches.DeleteWhereAsync(projects, AzureLargeText.ContinuationFilter(ProjectsPartition, partition), cancellationToken).ConfigureAwait(false);
        if (await AzureTableBatches.DeleteOneAsync(projects, ProjectsPartition, partition, cancellationToken).ConfigureAwait(false))
        {
            count++;
        }
        return count > 0;
    }
}
