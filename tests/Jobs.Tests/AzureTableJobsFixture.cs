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
    public static Task<JobsFixture> StartAsync(Action<ISiloBuilder>? silo = null) =>
        JobsFixture.StartAsync(s =>
        {
            var connectionString = TestServers.AzureStorage;
            var table = TestServers.UniqueAzureName("jobs");
            s.AddAzureTableGrainStorageAsDefault(o =>
            {
                o.TableServiceClient = new TableServiceClient(connectionString);
                o.TableName = table;
            });
            silo?.Invoke(s);
        });
}
