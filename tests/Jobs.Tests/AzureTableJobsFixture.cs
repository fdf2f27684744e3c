using Azure.Data.Tables;
using JobRuntime.TestServices;
using Orleans.Hosting;

namespace JobRuntime.Jobs.Tests;

/// <summary>
/// A <see cref="JobsFixture"/> whose grain state (jobs, chunks, outcome pages) lives in Azure
/// Table storage on Azurite, in a table of its own, so that Azure's entity limit applies to every
/// write the job engine makes.
/// </summary>
internal static class AzureTableJobsFixture
{
    public static async Task<(JobsFixture Fixture, TableClient Table)> StartAsync(Action<ISiloBuilder>? silo = null)
    {
        var connectionString = TestServers.AzureStorage;
        var table = TestServers.UniqueAzureName("jobs");
        var fixture = await JobsFixture.StartAsync(s =>
        {
            s.AddAzureTableGrainStorageAsDefault(o =>
            {
                o.TableServiceClient = new TableServiceClient(connectionString);
                o.TableName = table;
            });
            silo?.Invoke(s);
        });
        return (fixture, new TableServiceClient(connectionString).GetTableClient(table));
    }

    /// <summary>The row keys of the table's entities (one entity per grain state).</summary>
    public static async Task<List<string>> RowKeysAsync(TableClient table)
    {
        var keys = new List<string>();
        await foreach (var entity in table.QueryAsync<TableEntity>(select: ["RowKey"]))
        {
            keys.Add(entity.RowKey);
        }
        return keys;
    }
}
