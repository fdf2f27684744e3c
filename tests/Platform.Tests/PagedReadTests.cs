using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace JobRuntime.Platform.Tests;

/// <summary>Reads longer than one page of the engine (5,000 records): items and collection scans stream page after page.</summary>
[Collection(PlatformCollection.Name)]
public sealed class PagedReadTests(PlatformSilo silo)
{
    private const int Records = 12_000;

    [Fact]
    public async Task Items_read_past_a_page_come_back_each_once_in_order_in_both_formats_and_with_counts_and_filters()
    {
        using var push = await silo.Alice.PostAsync("/storage/jobq/1/push", PlatformSilo.Lines(["{\"spider\":\"paged-items\"}"]));
        var key = (await PlatformSilo.ReadLinesAsync(push)).Single()["key"]!.GetValue<string>();
        for (var start = 0; start < Records; start += 4_000)
        {
            var lines = Enumerable.Range(start, 4_000).Select(i => $"{{\"i\":{i},\"odd\":{(i % 2 == 1 ? "true" : "false")}}}");
            (await silo.Alice.PostAsync($"/storage/items/{key}?start={start}", PlatformSilo.Lines(lines, gzip: true))).EnsureSuccessStatusCode();
        }
        var all = await PlatformSilo.ReadLinesAsync(await silo.Alice.GetAsync($"/storage/items/{key}?meta=_key"));
        Assert.Equal(Enumerable.Range(0, Records), all.Select(r => r["i"]!.GetValue<int>()));
        Assert.Equal($"{key}/{Records - 1}", all[^1]["_key"]!.GetValue<string>());
        var counted = await PlatformSilo.ReadLinesAsync(await silo.Alice.GetAsync($"/storage/items/{key}?startafter={key}/4998&count=5003"));
        Assert.Equal(Enumerable.Range(4_999, 5_003), counted.Select(r => r["i"]!.GetValue<int>()));
        var filter = Uri.EscapeDataString("[\"odd\",\"=\",[true]]");
        var odd = await PlatformSilo.ReadLinesAsync(await silo.Alice.GetAsync($"/storage/items/{key}?filter={filter}&count=6000"));
        Assert.Equal(Enumerable.Range(0, 6_000).Select(i => 2 * i + 1), odd.Select(r => r["i"]!.GetValue<int>()));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/storage/items/{key}?nodata=1&meta=_ts");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/x-msgpack"));
        var msgpack = await (await silo.Alice.SendAsync(request)).Content.ReadAsByteArrayAsync();
        // Each record is {"_ts": uint64 ms}: fixmap(1), fixstr "_ts", then a uint64 (0xcf + 8 bytes) for a time in ms since 1970.
        Assert.Equal(Records * (1 + 4 + 9), msgpack.Length);
    }

    [Fact]
    public async Task A_collection_scan_past_a_page_returns_every_key_once_in_order_and_counts_and_limits_hold()
    {
        for (var start = 0; start < Records; start += 4_000)
        {
            var lines = Enumerable.Range(start, 4_000).Select(i => $"{{\"_key\":\"k{i:D6}\",\"i\":{i}}}");
            (await silo.Alice.PostAsync("/storage/collections/1/s/paged_scan", PlatformSilo.Lines(lines))).EnsureSuccessStatusCode();
        }
        var all = await PlatformSilo.ReadLinesAsync(await silo.Alice.GetAsync("/storage/collections/1/s/paged_scan"));
        Assert.Equal(Enumerable.Range(0, Records).Select(i => $"k{i:D6}"), all.Select(r => r["_key"]!.GetValue<string>()));
        var page = await PlatformSilo.ReadLinesAsync(await silo.Alice.GetAsync("/storage/collections/1/s/paged_scan?startafter=k004999&count=5002"));
        Assert.Equal(Enumerable.Range(5_000, 5_002), page.Select(r => r["i"]!.GetValue<int>()));
        var count = JsonNode.Parse(await silo.Alice.GetStringAsync("/storage/collections/1/s/paged_scan/count"))!;
        Assert.Equal(Records, count["count"]!.GetValue<int>());
    }
}
