using System.Text.Json.Nodes;

namespace JobRuntime.Platform.Tests;

/// <summary>The job's metadata counts its items, logs and requests as they are written.</summary>
[Collection(PlatformCollection.Name)]
public sealed class JobCounterTests(PlatformSilo silo)
{
    private async Task<JsonNode> MetadataAsync(string key) =>
        JsonNode.Parse(await silo.Alice.GetStringAsync($"/storage/jobs/{key}"))!;

    [Fact]
    public async Task A_new_job_counts_zero_items_logs_and_requests()
    {
        var key = await PlatformSilo.PushAsync(silo.Alice, 1, "counters-new");
        var metadata = await MetadataAsync(key);
        Assert.Equal(0, metadata["items"]!.GetValue<long>());
        Assert.Equal(0, metadata["logs"]!.GetValue<long>());
        Assert.Equal(0, metadata["requests"]!.GetValue<long>());
    }

    [Fact]
    public async Task The_metadata_counts_each_streams_records_and_a_resent_batch_does_not_count_twice()
    {
        var key = await PlatformSilo.PushAsync(silo.Alice, 1, "counters-written");
        await silo.Alice.PostAsync($"/storage/items/{key}?start=0", PlatformSilo.Lines(["{\"a\":1}", "{\"a\":2}"], gzip: true));
        await silo.Alice.PostAsync($"/storage/items/{key}?start=2", PlatformSilo.Lines(["{\"a\":3}"], gzip: true));
        await silo.Alice.PostAsync($"/storage/items/{key}?start=2", PlatformSilo.Lines(["{\"a\":3}"], gzip: true));
        await silo.Alice.PostAsync($"/storage/logs/{key}?start=0", PlatformSilo.Lines(["{\"message\":\"m\",\"level\":20,\"time\":1}", "{\"message\":\"n\",\"level\":30,\"time\":2}"]));
        await silo.Alice.PostAsync($"/storage/requests/{key}?start=0", PlatformSilo.Lines(["{\"url\":\"http://a\",\"status\":200,\"method\":\"GET\",\"rs\":1,\"duration\":1,\"time\":1}"]));
        var metadata = await MetadataAsync(key);
        Assert.Equal(3, metadata["items"]!.GetValue<long>());
        Assert.Equal(2, metadata["logs"]!.GetValue<long>());
        Assert.Equal(1, metadata["requests"]!.GetValue<long>());
    }

    [Fact]
    public async Task Callers_cannot_overwrite_a_counter_through_the_metadata()
    {
        var key = await PlatformSilo.PushAsync(silo.Alice, 1, "counters-reserved");
        await silo.Alice.PostAsync($"/storage/items/{key}?start=0", PlatformSilo.Lines(["{\"a\":1}"]));
        await silo.Alice.PostAsync($"/storage/jobs/{key}", PlatformSilo.Lines(["{\"items\":99,\"other\":1}"]));
        var metadata = await MetadataAsync(key);
        Assert.Equal(1, metadata["items"]!.GetValue<long>());
        Assert.Equal(1, metadata["other"]!.GetValue<int>());
    }
}
