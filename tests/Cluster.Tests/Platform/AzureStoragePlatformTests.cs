using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using JobRuntime.AzureStorage.Platform;
using JobRuntime.TestServices;

namespace JobRuntime.Cluster.Tests.Platform;

/// <summary>
/// The crawling platform on an AzureStorage cluster of two silo processes: both keep the
/// platform's data in the account's tables, so what one silo's storage API writes the other reads.
/// </summary>
public sealed class AzureStoragePlatformTests(AzureStoragePlatformTests.Cluster cluster) : IClassFixture<AzureStoragePlatformTests.Cluster>
{
    /// <summary>Two silos on the AzureStorage profile, with platform tables of their own (named after the cluster's service id).</summary>
    public sealed class Cluster : IAsyncLifetime
    {
        public TwoSiloCluster Silos { get; private set; } = null!;

        public ClusterProfile Profile { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Profile = await ClusterProfile.AzureStorageAsync();
            Silos = await TwoSiloCluster.StartAsync(Profile);
        }

        public async Task DisposeAsync() => await Silos.DisposeAsync();
    }

    private HttpClient First => cluster.Silos.Silos[0].Http;

    private HttpClient Second => cluster.Silos.Silos[1].Http;

    private static StringContent Lines(params string[] lines) => new(string.Concat(lines.Select(l => l + "\n")), Encoding.UTF8);

    [Fact]
    public async Task The_platform_tables_are_named_after_the_service_so_services_sharing_an_account_keep_apart()
    {
        using var push = await First.PostAsync("/storage/jobq/8/push", Lines("{\"spider\":\"tables\"}"));
        push.EnsureSuccessStatusCode();

        var expected = AzurePlatformStoreOptions.PrefixFor(cluster.Profile.ClusterId) + "jobs";
        var tables = new List<string>();
        await foreach (var table in new TableServiceClient(TestServers.AzureStorage).QueryAsync(t => t.Name == expected))
        {
            tables.Add(table.Name);
        }
        Assert.Equal([expected], tables);
        Assert.NotEqual(AzurePlatformStoreOptions.DefaultTablePrefix + "jobs", expected);
    }

    [Fact]
    public async Task An_item_written_through_one_silo_is_read_back_through_the_other()
    {
        using var push = await First.PostAsync("/storage/jobq/7/push", Lines("{\"spider\":\"books\"}"));
        push.EnsureSuccessStatusCode();
        var key = JsonNode.Parse(await push.Content.ReadAsStringAsync())!["key"]!.GetValue<string>();
        using var write = await First.PostAsync($"/storage/items/{key}", Lines("{\"title\":\"Dune\"}", "{\"title\":\"Emma\"}"));
        write.EnsureSuccessStatusCode();
        // The job's grain wrote through whichever silo holds it: reading through both means one read is from the other.
        foreach (var silo in new[] { Second, First })
        {
            var items = (await silo.GetStringAsync($"/storage/items/{key}")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(["Dune", "Emma"], items.Select(i => JsonNode.Parse(i)!["title"]!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task A_collection_value_set_through_one_silo_is_read_back_through_the_other()
    {
        // '#' and '?' may not appear in a RowKey: the store encodes the key.
        using var set = await First.PostAsync("/storage/collections/8/s/shelf", Lines("{\"_key\":\"dune #1?\",\"count\":3}"));
        set.EnsureSuccessStatusCode();
        foreach (var silo in new[] { Second, First })
        {
            Assert.Equal("{\"count\":3}", (await silo.GetStringAsync("/storage/collections/8/s/shelf/dune%20%231%3F")).Trim());
        }
    }
}
