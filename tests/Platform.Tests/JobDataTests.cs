using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace JobRuntime.Platform.Tests;

/// <summary>A job's items, logs, requests and samples through the storage base, as the seed's batch uploader writes and its readers read.</summary>
[Collection(PlatformCollection.Name)]
public sealed class JobDataTests(PlatformSilo silo)
{
    private async Task<string> JobAsync(string spider)
    {
        using var response = await silo.Alice.PostAsync("/storage/jobq/1/push", PlatformSilo.Lines([$"{{\"spider\":\"{spider}\"}}"]));
        return (await PlatformSilo.ReadLinesAsync(response)).Single()["key"]!.GetValue<string>();
    }

    [Fact]
    public async Task Gzip_batches_are_stored_at_their_start_index_and_a_resent_batch_replaces_itself()
    {
        var key = await JobAsync("items-batches");
        await silo.Alice.PostAsync($"/storage/items/{key}?start=0", PlatformSilo.Lines(["{\"n\":0}", "{\"n\":1}"], gzip: true));
        await silo.Alice.PostAsync($"/storage/items/{key}?start=2", PlatformSilo.Lines(["{\"n\":2}"], gzip: true));
        await silo.Alice.PostAsync($"/storage/items/{key}?start=2", PlatformSilo.Lines(["{\"n\":2}"], gzip: true));
        using var response = await silo.Alice.GetAsync($"/storage/items/{key}?meta=_key");
        var items = await PlatformSilo.ReadLinesAsync(response);
        Assert.Equal([0, 1, 2], items.Select(i => i["n"]!.GetValue<int>()));
        Assert.Equal($"{key}/2", items[2]["_key"]!.GetValue<string>());
    }

    [Fact]
    public async Task Items_page_by_start_key_and_count_and_resume_after_a_key()
    {
        var key = await JobAsync("items-paging");
        await silo.Alice.PostAsync($"/storage/items/{key}?start=0", PlatformSilo.Lines(Enumerable.Range(0, 10).Select(i => $"{{\"i\":{i}}}")));
        var page = await PlatformSilo.ReadLinesAsync(await silo.Alice.GetAsync($"/storage/items/{key}?start={key}/3&count=3"));
        Assert.Equal([3, 4, 5], page.Select(i => i["i"]!.GetValue<int>()));
        var after = await PlatformSilo.ReadLinesAsync(await silo.Alice.GetAsync($"/storage/items/{key}?startafter={key}/8"));
        Assert.Equal([9], after.Select(i => i["i"]!.GetValue<int>()));
        var one = await PlatformSilo.ReadLinesAsync(await silo.Alice.GetAsync($"/storage/items/{key}/7"));
        Assert.Equal(7, one.Single()["i"]!.GetValue<int>());
    }

    [Fact]
    public async Task Items_are_a_concatenated_msgpack_stream_when_asked_for_msgpack()
    {
        var key = await JobAsync("items-msgpack");
        await silo.Alice.PostAsync($"/storage/items/{key}?start=0", PlatformSilo.Lines(["{\"a\":1}", "{\"b\":\"x\"}"]));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/storage/items/{key}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/x-msgpack"));
        using var response = await silo.Alice.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        // {"a":1} then {"b":"x"}: fixmap(1) fixstr("a") 1, fixmap(1) fixstr("b") fixstr("x").
        Assert.Equal(new byte[] { 0x81, 0xa1, (byte)'a', 0x01, 0x81, 0xa1, (byte)'b', 0xa1, (byte)'x' }, bytes);
    }

    [Fact]
    public async Task Log_stats_count_levels_and_sum_the_msgpack_size_of_messages_and_level_filters_keep_errors()
    {
        var key = await JobAsync("logs-stats");
        await silo.Alice.PostAsync($"/storage/logs/{key}?start=0", PlatformSilo.Lines([
            "{\"message\":\"simple\",\"level\":20,\"time\":1}",
            "{\"message\":\"bad\",\"level\":40,\"time\":2}",
        ], gzip: true));
        var stats = JsonNode.Parse(await silo.Alice.GetStringAsync($"/storage/logs/{key}/stats"))!;
        Assert.Equal(1, stats["counts"]!["20"]!.GetValue<int>());
        Assert.Equal(1, stats["counts"]!["40"]!.GetValue<int>());
        Assert.Equal(2, stats["totals"]!["input_values"]!.GetValue<int>());
        Assert.Equal(7 + 4, stats["totals"]!["input_bytes"]!.GetValue<int>());
        var errors = await PlatformSilo.ReadLinesAsync(await silo.Alice.GetAsync($"/storage/logs/{key}?filter=" + Uri.EscapeDataString("[\"level\", \">=\", [40]]")));
        Assert.Equal(["bad"], errors.Select(e => e["message"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Each_batch_gets_its_own_write_time()
    {
        var key = await JobAsync("items-ts");
        for (var i = 0; i < 3; i++)
        {
            await silo.Alice.PostAsync($"/storage/items/{key}?start={i}", PlatformSilo.Lines([$"{{\"i\":{i}}}"]));
        }
        var items = await PlatformSilo.ReadLinesAsync(await silo.Alice.GetAsync($"/storage/items/{key}?meta=_ts"));
        Assert.Equal(3, items.Select(i => i["_ts"]!.GetValue<long>()).Distinct().Count());
    }

    [Fact]
    public async Task A_record_that_is_not_json_is_a_bad_request()
    {
        var key = await JobAsync("items-bad");
        using var response = await silo.Alice.PostAsync($"/storage/items/{key}?start=0", PlatformSilo.Lines(["{not json"]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["message"]);
    }
}
