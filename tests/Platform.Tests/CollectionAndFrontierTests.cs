using System.Net;
using System.Text.Json.Nodes;

namespace JobRuntime.Platform.Tests;

/// <summary>Collections and frontiers through the storage base.</summary>
[Collection(PlatformCollection.Name)]
public sealed class CollectionAndFrontierTests(PlatformSilo silo)
{
    [Fact]
    public async Task A_collection_record_is_set_read_without_its_key_scanned_by_prefix_counted_and_deleted()
    {
        await silo.Alice.PostAsync("/storage/collections/1/s/books", PlatformSilo.Lines([
            "{\"_key\":\"post_1\",\"counter\":1}", "{\"_key\":\"post_2\",\"counter\":7}", "{\"_key\":\"other\",\"counter\":9}"]));
        Assert.Equal("{\"counter\":7}", (await silo.Alice.GetStringAsync("/storage/collections/1/s/books/post_2")).Trim());
        var scan = await PlatformSilo.ReadLinesAsync(await silo.Alice.GetAsync("/storage/collections/1/s/books?prefix=post_&meta=_key"));
        Assert.Equal(["post_1", "post_2"], scan.Select(r => r["_key"]!.GetValue<string>()));
        var filtered = await PlatformSilo.ReadLinesAsync(await silo.Alice.GetAsync("/storage/collections/1/s/books?filter=" + Uri.EscapeDataString("[\"counter\", \">\", [5]]")));
        Assert.Equal(["other", "post_2"], filtered.Select(r => r["_key"]!.GetValue<string>()));
        var count = JsonNode.Parse(await silo.Alice.GetStringAsync("/storage/collections/1/s/books/count"))!;
        Assert.Equal(3, count["count"]!.GetValue<int>());
        await silo.Alice.PostAsync("/storage/collections/1/s/books/deleted", PlatformSilo.Lines(["\"post_2\"", "\"never\""]));
        Assert.Equal(HttpStatusCode.NotFound, (await silo.Alice.GetAsync("/storage/collections/1/s/books/post_2")).StatusCode);
    }

    [Fact]
    public async Task Truncate_empties_the_collection_and_answers_202()
    {
        await silo.Alice.PostAsync("/storage/collections/1/vcs/trunc", PlatformSilo.Lines(["{\"_key\":\"a\",\"v\":1}"]));
        using var response = await silo.Alice.PostAsync("/storage/collections/1/delete?name=trunc", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("", await silo.Alice.GetStringAsync("/storage/collections/1/vcs/trunc"));
    }

    [Fact]
    public async Task A_value_of_one_mebibyte_and_one_byte_is_too_large()
    {
        var line = "{\"_key\":\"large_test\",\"value\":\"" + new string('x', 1_048_576) + "\"}";
        using var response = await silo.Alice.PostAsync("/storage/collections/1/s/large", PlatformSilo.Lines([line]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_bad_collection_name_and_a_record_without_a_string_key_are_bad_requests()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await silo.Alice.PostAsync("/storage/collections/1/s/bad-name", PlatformSilo.Lines(["{\"_key\":\"a\"}"]))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await silo.Alice.PostAsync("/storage/collections/1/s/good", PlatformSilo.Lines(["{\"_key\":[]}"]))).StatusCode);
    }

    [Fact]
    public async Task Frontier_fingerprints_are_deduplicated_per_slot_and_queued_requests_come_back_in_batches()
    {
        var first = JsonNode.Parse(await (await silo.Alice.PostAsync("/storage/hcf/1/site/s/slot1", PlatformSilo.Lines([
            "{\"fp\":\"/a\",\"qdata\":{\"x\":1}}", "{\"fp\":\"/b\"}"]))).Content.ReadAsStringAsync())!;
        Assert.Equal(2, first["newcount"]!.GetValue<int>());
        var again = JsonNode.Parse(await (await silo.Alice.PostAsync("/storage/hcf/1/site/s/slot1", PlatformSilo.Lines([
            "{\"fp\":\"/a\"}", "{\"fp\":\"/c\"}"]))).Content.ReadAsStringAsync())!;
        Assert.Equal(1, again["newcount"]!.GetValue<int>());
        var batches = await PlatformSilo.ReadLinesAsync(await silo.Alice.GetAsync("/storage/hcf/1/site/s/slot1/q"));
        Assert.Equal(["/a", "/b", "/c"], batches.SelectMany(b => b["requests"]!.AsArray()).Select(r => r![0]!.GetValue<string>()));
        Assert.Equal(1, batches[0]["requests"]![0]![1]!["x"]!.GetValue<int>());
        await silo.Alice.PostAsync("/storage/hcf/1/site/s/slot1/q/deleted", PlatformSilo.Lines([$"\"{batches[0]["id"]}\""]));
        var left = await PlatformSilo.ReadLinesAsync(await silo.Alice.GetAsync("/storage/hcf/1/site/s/slot1/q"));
        Assert.Equal(["/c"], left.SelectMany(b => b["requests"]!.AsArray()).Select(r => r![0]!.GetValue<string>()));
        Assert.Equal("[\"slot1\"]", (await silo.Alice.GetStringAsync("/storage/hcf/1/site/list")).Trim());
        Assert.Equal(HttpStatusCode.OK, (await silo.Alice.DeleteAsync("/storage/hcf/1/site/s/slot1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await silo.Alice.DeleteAsync("/storage/hcf/1/nowhere/s/none")).StatusCode);
        Assert.Equal("[]", (await silo.Alice.GetStringAsync("/storage/hcf/1/site/list")).Trim());
    }

    [Fact]
    public async Task Frontier_batches_hold_at_most_100_requests_and_mincount_returns_whole_batches_until_it_is_reached()
    {
        await silo.Alice.PostAsync("/storage/hcf/1/big/s/0", PlatformSilo.Lines(Enumerable.Range(0, 250).Select(i => $"{{\"fp\":\"/{i}\"}}")));
        var all = await PlatformSilo.ReadLinesAsync(await silo.Alice.GetAsync("/storage/hcf/1/big/s/0/q"));
        Assert.Equal([100, 100, 50], all.Select(b => b["requests"]!.AsArray().Count));
        var some = await PlatformSilo.ReadLinesAsync(await silo.Alice.GetAsync("/storage/hcf/1/big/s/0/q?mincount=100"));
        Assert.Equal([100], some.Select(b => b["requests"]!.AsArray().Count));
        var fingerprints = await PlatformSilo.ReadLinesAsync(await silo.Alice.GetAsync("/storage/hcf/1/big/s/0/f"));
        Assert.Equal(250, fingerprints.Count);
    }

    [Fact]
    public async Task A_collection_scan_pages_with_start_and_count_and_lists_the_projects_collections()
    {
        await silo.Bob.PostAsync("/storage/collections/2/cs/pages", PlatformSilo.Lines(Enumerable.Range(0, 5).Select(i => $"{{\"_key\":\"k{i}\"}}")));
        var page = await PlatformSilo.ReadLinesAsync(await silo.Bob.GetAsync("/storage/collections/2/cs/pages?start=k1&count=2"));
        Assert.Equal(["k1", "k2"], page.Select(r => r["_key"]!.GetValue<string>()));
        var list = await PlatformSilo.ReadLinesAsync(await silo.Bob.GetAsync("/storage/collections/2/list"));
        Assert.Contains(list, c => c["name"]!.GetValue<string>() == "pages" && c["type"]!.GetValue<string>() == "cs");
    }
}
