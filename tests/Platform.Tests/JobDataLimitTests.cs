using System.Net;
using System.Text.Json.Nodes;
using JobRuntime.Silo.Tests;

namespace JobRuntime.Platform.Tests;

/// <summary>The per-job bound on stored data, over HTTP against a silo process of its own with a small limit.</summary>
public sealed class JobDataLimitTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("jobruntime-platform-limit-").FullName;
    private SiloProcess _silo = null!;

    public async Task InitializeAsync() =>
        _silo = await SiloProcess.StartAsync(Path.Combine(_directory, "silo.db"), null, "--JobRuntime:Platform:Limits:MaxJobDataBytes", "100");

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<string> JobAsync()
    {
        using var response = await _silo.Http.PostAsync("/storage/jobq/1/push", PlatformSilo.Lines(["{\"spider\":\"limited\"}"]));
        return (await PlatformSilo.ReadLinesAsync(response)).Single()["key"]!.GetValue<string>();
    }

    [Fact]
    public async Task An_upload_past_the_job_data_limit_gets_413_naming_the_job_and_the_limit_and_stores_none_of_it()
    {
        var key = await JobAsync();
        // 4 items of 20 bytes (80), then logs that would take the job to 120 bytes.
        using (var items = await _silo.Http.PostAsync($"/storage/items/{key}?start=0", PlatformSilo.Lines(Enumerable.Range(0, 4).Select(i => $"{{\"n\":{i},\"pad\":\"xxxx\"}}"))))
        {
            Assert.Equal(HttpStatusCode.OK, items.StatusCode);
        }
        using var refused = await _silo.Http.PostAsync($"/storage/logs/{key}?start=0", PlatformSilo.Lines(["{\"message\":\"a\",\"level\":20}", "{\"message\":\"b\",\"level\":20}"], gzip: true));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        var message = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["message"]!.GetValue<string>();
        Assert.Contains($"Job {key}", message);
        Assert.Contains("100 bytes", message);
        Assert.Equal("", await _silo.Http.GetStringAsync($"/storage/logs/{key}"));
        Assert.Equal(4, (await _silo.Http.GetStringAsync($"/storage/items/{key}")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task A_resent_batch_is_weighed_as_a_replacement_so_a_full_job_can_still_retry_it()
    {
        var key = await JobAsync();
        var batch = Enumerable.Range(0, 4).Select(i => $"{{\"n\":{i},\"pad\":\"xxxx\"}}").ToList();
        (await _silo.Http.PostAsync($"/storage/items/{key}?start=0", PlatformSilo.Lines(batch))).EnsureSuccessStatusCode();
        using var again = await _silo.Http.PostAsync($"/storage/items/{key}?start=0", PlatformSilo.Lines(batch));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        using var more = await _silo.Http.PostAsync($"/storage/items/{key}?start=4", PlatformSilo.Lines(batch));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, more.StatusCode);
        // The silo keeps serving: another job still takes data.
        var other = await JobAsync();
        using var fresh = await _silo.Http.PostAsync($"/storage/items/{other}?start=0", PlatformSilo.Lines(batch.Take(1)));
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }
}
