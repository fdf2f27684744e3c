using JobRuntime.AzureStorage.Platform;
using JobRuntime.Storage.Platform;
using JobRuntime.TestServices;

namespace JobRuntime.Platform.Tests.Stores;

/// <summary>
/// Two silos' Azure stores (two clients on the same tables) racing for the same counters and
/// fingerprints: the ETag-guarded counters and the conditional inserts give each number once and
/// count each fingerprint once.
/// </summary>
public sealed class AzureStoragePlatformRaceTests
{
    private readonly AzurePlatformStoreOptions _options = new() { TablePrefix = TestServers.UniqueAzureName("r") };

    private AzurePlatformTables Silo() => new(TestServers.AzureStorage, _options);

    [Fact]
    public async Task Job_numbers_inserted_from_two_silos_at_once_are_each_given_once()
    {
        var jobs = new[] { new AzurePlatformJobStore(Silo()), new AzurePlatformJobStore(Silo()) };
        var record = new PlatformJobRecord(new PlatformJobKey(1, 1, 0), PlatformJobState.Pending, 2, 1, 1, null, null, null, "{}");
        var inserted = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => jobs[i % 2].JobInsertAsync(record)));
        Assert.Equal(Enumerable.Range(1, 20), inserted.Select(j => j.Key.Job).Order());
    }

    [Fact]
    public async Task A_spider_ensured_from_two_silos_at_once_gets_one_number()
    {
        var projects = new[] { new AzurePlatformProjectStore(Silo()), new AzurePlatformProjectStore(Silo()) };
        var spiders = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => projects[i % 2].SpiderEnsureAsync(2, i < 4 ? "books" : "films")));
        Assert.All(spiders.GroupBy(s => s.Name), name => Assert.Single(name.Select(s => s.Id).Distinct()));
        Assert.Equal([1, 2], spiders.Select(s => s.Id).Distinct().Order());
        Assert.Equal(["books", "films"], (await projects[0].SpiderListAsync(2)).Select(s => s.Name).Order());
    }

    [Fact]
    public async Task Fingerprints_added_from_two_silos_at_once_are_new_once()
    {
        var frontiers = new[] { new AzurePlatformFrontierStore(Silo()), new AzurePlatformFrontierStore(Silo()) };
        var slot = new PlatformSlotId(3, "site", "0");
        // Each call overlaps the others: 150 distinct fingerprints in all.
        var added = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => frontiers[i % 2].FrontierAddAsync(slot,
            [.. Enumerable.Range(i * 20, 50).Select(n => new PlatformFrontierRequest($"/{n}", null, null, 0))], 10)));
        Assert.Equal(150, added.Sum());
        Assert.Equal(150, (await frontiers[0].FrontierBatchReadAsync(slot, null, 1000)).Sum(b => b.Requests.Count));
    }
}
