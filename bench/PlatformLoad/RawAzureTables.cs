using System.Diagnostics;
using Azure.Data.Tables;

namespace JobRuntime.PlatformLoad;

/// <summary>The same-run baseline on Azure Tables: the same rows through the raw TableClient, one partition, transactions of 100.</summary>
internal static class RawAzureTables
{
    /// <summary>The account of JOBRUNTIME_TEST_AZURE_STORAGE (Azurite from scripts/test-services.sh).</summary>
    public static string ConnectionString() => Environment.GetEnvironmentVariable("JOBRUNTIME_TEST_AZURE_STORAGE")
        ?? throw new InvalidOperationException("Set JOBRUNTIME_TEST_AZURE_STORAGE (scripts/test-services.sh start; source .test-services.env).");

    public static async Task RunAsync(string connectionString, int items, string[] batch, int keys, Action<string, int, Stopwatch> report)
    {
        var table = new TableClient(connectionString, "raw" + Guid.NewGuid().ToString("N")[..16]);
        await table.CreateIfNotExistsAsync();
        var watch = Stopwatch.StartNew();
        for (var start = 0; start < items; start += batch.Length)
        {
            // A 1,000-line batch is 10 transactions of 100 rows (the service's most), 4 in flight as the store sends them.
            var chunks = Enumerable.Range(0, batch.Length / 100).Select(c => Enumerable.Range(c * 100, 100).Select(n =>
                new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                    new TableEntity("1", (start + n).ToString("D19", System.Globalization.CultureInfo.InvariantCulture)) { ["Ts"] = 0L, ["Data"] = batch[n] })).ToList());
            await Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (chunk, ct) => await table.SubmitTransactionAsync(chunk, ct));
        }
        report("raw Azure Tables: rows upserted (100 per transaction)", items, watch);
        watch.Restart();
        var rows = 0;
        await foreach (var row in table.QueryAsync<TableEntity>("PartitionKey eq '1'"))
        {
            _ = row.GetString("Data");
            rows++;
        }
        report("raw Azure Tables: rows read", rows, watch);
        watch.Restart();
        for (var n = 0; n < keys; n++)
        {
            await table.UpsertEntityAsync(new TableEntity("2", n.ToString("D19", System.Globalization.CultureInfo.InvariantCulture)) { ["Data"] = "{}" });
        }
        report("raw Azure Tables: single-entity upserts", keys, watch);
        await table.DeleteAsync();
    }
}
