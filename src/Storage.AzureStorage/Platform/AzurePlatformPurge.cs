using System.Globalization;
using Azure.Data.Tables;
using JobRuntime.Storage.Platform;

namespace JobRuntime.AzureStorage.Platform;

/// <summary>The deletes that span tables: a job's, a spider's or a project's jobs with their data and token index rows.</summary>
internal static class AzurePlatformPurge
{
    /// <summary>The partition of a job's stream: <c>{project}-{kind}-{spider}-{job}</c>, numbers zero-padded.</summary>
    public static string DataPartition(PlatformJobKey job, PlatformDataKind kind) =>
        $"{DataPrefix(job.Project, kind)}{AzureKeys.Number(job.Spider)}-{AzureKeys.Number(job.Job)}";

    /// <summary>The start of the partitions of a project's stream of one kind.</summary>
    public static string DataPrefix(long project, PlatformDataKind kind) =>
        $"{AzureKeys.Project(project)}-{((int)kind).ToString(CultureInfo.InvariantCulture)}-";

    /// <summary>Deletes one job's streams; returns how many rows went.</summary>
    public static async Task<int> JobDataAsync(AzurePlatformTables tables, PlatformJobKey job, CancellationToken cancellationToken)
    {
        var data = await tables.DataAsync(cancellationToken).ConfigureAwait(false);
        var count = 0;
        foreach (var kind in Enum.GetValues<PlatformDataKind>())
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {DataPartition(job, kind)}");
            count += await AzureTableBatches.DeleteWhereAsync(data, filter, cancellationToken).ConfigureAwait(false);
        }
        return count;
    }

    /// <summary>Deletes the jobs of a project (of one spider when set), their counters, streams and token index rows; returns how many rows went.</summary>
    public static async Task<int> JobsAsync(AzurePlatformTables tables, long project, int? spider, CancellationToken cancellationToken)
    {
        var jobs = await tables.JobsAsync(cancellationToken).ConfigureAwait(false);
        var data = await tables.DataAsync(cancellationToken).ConfigureAwait(false);
        var partition = AzureKeys.Project(project);
        var tokens = new List<(string, string)>();
        void Seen(TableEntity row)
        {
            if (row.GetBinary("TokenHash") is { } hash)
            {
                tokens.Add((AzurePlatformJobStore.TokensPartition, Convert.ToHexStringLower(hash)));
            }
        }
        string[] select = ["PartitionKey", "RowKey", "TokenHash"];
        var count = 0;
        if (spider is { } s)
        {
            var number = AzureKeys.Number(s);
            count += await AzureTableBatches.DeleteWhereAsync(jobs, AzureKeys.Range(partition, "j" + number, "j" + number + "~"), cancellationToken, select, Seen).ConfigureAwait(false);
            count += await AzureTableBatches.DeleteWhereAsync(jobs, AzureKeys.Range(partition, "xj" + number, "xj" + number + "~"), cancellationToken).ConfigureAwait(false);
            await AzureTableBatches.DeleteOneAsync(jobs, partition, "n" + number, cancellationToken).ConfigureAwait(false);
            foreach (var kind in Enum.GetValues<PlatformDataKind>())
            {
                count += await AzureTableBatches.DeleteWhereAsync(data, AzureKeys.PartitionPrefix($"{DataPrefix(project, kind)}{number}-"), cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            count += await AzureTableBatches.DeleteWhereAsync(jobs, TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken, select, Seen).ConfigureAwait(false);
            count += await AzureTableBatches.DeleteWhereAsync(data, AzureKeys.PartitionPrefix(partition + "-"), cancellationToken).ConfigureAwait(false);
        }
        await AzureTableBatches.DeleteAsync(jobs, tokens, cancellationToken).ConfigureAwait(false);
        return count;
    }
}
