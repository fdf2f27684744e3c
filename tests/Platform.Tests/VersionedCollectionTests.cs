using System.Net;

namespace JobRuntime.Platform.Tests;

/// <summary>Versioned collections (vs, vcs) keep a key's last three values; the others keep one.</summary>
[Collection(PlatformCollection.Name)]
public sealed class VersionedCollectionTests(PlatformSilo silo)
{
    private async Task SetAsync(string type, string name, string key, int value) =>
        (await silo.Alice.PostAsync($"/storage/collections/1/{type}/{name}", PlatformSilo.Lines([$"{{\"_key\":\"{key}\",\"v\":{value}}}"]))).EnsureSuccessStatusCode();

    private async Task<int[]> VersionsAsync(string type, string name, string key) =>
        [.. (await PlatformSilo.ReadLinesAsync(await silo.Alice.GetAsync($"/storage/collections/1/{type}/{name}/{key}?allversions=true")))
            .Select(v => v["v"]!.GetValue<int>())];

    [Theory]
    [InlineData("vs")]
    [InlineData("vcs")]
    public async Task A_versioned_collection_keeps_a_keys_last_three_values_newest_first(string type)
    {
        for (var v = 1; v <= 4; v++)
        {
            await SetAsync(type, "history_" + type, "page", v);
        }
        Assert.Equal(new[] { 4, 3, 2 }, await VersionsAsync(type, "history_" + type, "page"));
        Assert.Equal("{\"v\":4}", (await silo.Alice.GetStringAsync($"/storage/collections/1/{type}/history_{type}/page")).Trim());
    }

    [Fact]
    public async Task Each_version_carries_its_write_time()
    {
        await SetAsync("vs", "history_ts", "k", 1);
        await SetAsync("vs", "history_ts", "k", 2);
        var versions = await PlatformSilo.ReadLinesAsync(await silo.Alice.GetAsync("/storage/collections/1/vs/history_ts/k?allversions=1"));
        Assert.All(versions, v => Assert.True(v["_ts"]!.GetValue<long>() > 0));
    }

    [Fact]
    public async Task A_plain_store_keeps_only_the_current_value()
    {
        await SetAsync("s", "no_history", "k", 1);
        await SetAsync("s", "no_history", "k", 2);
        Assert.Equal(new[] { 2 }, await VersionsAsync("s", "no_history", "k"));
    }

    [Fact]
    public async Task Deleting_a_versioned_key_drops_its_history()
    {
        await SetAsync("vs", "history_deleted", "k", 1);
        await SetAsync("vs", "history_deleted", "k", 2);
        await silo.Alice.PostAsync("/storage/collections/1/vs/history_deleted/deleted", PlatformSilo.Lines(["\"k\""]));
        await SetAsync("vs", "history_deleted", "k", 3);
        Assert.Equal(new[] { 3 }, await VersionsAsync("vs", "history_deleted", "k"));
    }

    [Fact]
    public async Task The_versions_of_a_missing_key_are_not_found()
    {
        using var response = await silo.Alice.GetAsync("/storage/collections/1/vs/history_missing/nothing?allversions=true");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
