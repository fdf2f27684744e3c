using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace JobRuntime.Platform.Tests;

/// <summary>Spiders deployed through the admin API and run by the silo when a job is scheduled.</summary>
[Collection(PlatformCollection.Name)]
public sealed class SpiderRunTests(PlatformSilo silo)
{
    private const string PythonSpider = """
        import base64, json, os, urllib.request
        key = os.environ["SHUB_JOBKEY"]
        auth = bytes.fromhex(os.environ["SHUB_JOBAUTH"]).decode()
        body = "".join(json.dumps({"n": i, "arg": json.loads(os.environ["SHUB_SPIDER_ARGS"]).get("word")}) + "\n" for i in range(5)).encode()
        request = urllib.request.Request(os.environ["SHUB_STORAGE"].rstrip("/") + "/items/" + key + "?start=0", data=body, method="POST",
            headers={"Authorization": "Basic " + base64.b64encode(auth.encode()).decode()})
        urllib.request.urlopen(request).read()
        print("wrote 5 items")
        """;

    private async Task DeployAsync(string name, JsonObject program)
    {
        using var response = await silo.Admin.PutAsync($"/api/admin/projects/3/spiders/{name}", new StringContent(program.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<string> RunAsync(string spider, params (string, string)[] args)
    {
        using var response = await silo.Alice.PostAsync("/api/run.json", PlatformSilo.Form([("project", "3"), ("spider", spider), .. args]));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(body["status"]!.GetValue<string>() == "ok", body.ToJsonString());
        return body["jobid"]!.GetValue<string>();
    }

    private async Task<JsonObject> WaitForStateAsync(string key, string state)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            var metadata = (JsonObject)JsonNode.Parse(await silo.Alice.GetStringAsync($"/storage/jobs/{key}"))!;
            if (metadata["state"]!.GetValue<string>() == state)
            {
                return metadata;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Job {key} did not reach {state}: {metadata.ToJsonString()}");
            }
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task A_python_shell_spider_writes_items_with_its_job_token_and_its_job_finishes()
    {
        var script = Path.Combine(Path.GetTempPath(), $"jobruntime-spider-{Guid.NewGuid():N}.py");
        await File.WriteAllTextAsync(script, PythonSpider);
        await DeployAsync("python-spider", new JsonObject { ["type"] = "shell", ["command"] = $"python3 {script}" });
        var key = await RunAsync("python-spider", ("word", "hello"));
        var metadata = await WaitForStateAsync(key, "finished");
        Assert.Equal("finished", metadata["close_reason"]!.GetValue<string>());
        var items = await PlatformSilo.ReadLinesAsync(await silo.Alice.GetAsync($"/storage/items/{key}"));
        Assert.Equal([0, 1, 2, 3, 4], items.Select(i => i["n"]!.GetValue<int>()));
        Assert.Equal("hello", items[0]["arg"]!.GetValue<string>());
        var logs = await PlatformSilo.ReadLinesAsync(await silo.Alice.GetAsync($"/storage/logs/{key}"));
        Assert.Contains(logs, l => l["message"]!.GetValue<string>() == "wrote 5 items");
    }

    [Fact]
    public async Task A_crashing_spider_ends_its_job_as_failed_and_the_silo_keeps_serving()
    {
        await DeployAsync("crashing-spider", new JsonObject { ["type"] = "shell", ["command"] = "echo about to fail >&2; exit 3" });
        var key = await RunAsync("crashing-spider");
        var metadata = await WaitForStateAsync(key, "finished");
        Assert.Equal("failed", metadata["close_reason"]!.GetValue<string>());
        var errors = await PlatformSilo.ReadLinesAsync(await silo.Alice.GetAsync($"/storage/logs/{key}?filter=" + Uri.EscapeDataString("[\"level\", \">=\", [40]]")));
        Assert.Contains(errors, l => l["message"]!.GetValue<string>().Contains("code 3", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await silo.Anonymous.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task Cancelling_a_running_spider_stops_it_and_finishes_the_job_as_cancelled()
    {
        await DeployAsync("sleeping-spider", new JsonObject { ["type"] = "shell", ["command"] = "sleep 300" });
        var key = await RunAsync("sleeping-spider");
        await WaitForStateAsync(key, "running");
        using var cancel = await silo.Alice.PostAsync($"/storage/jobq/{key.Split('/')[0]}/{key.Split('/')[1]}/{key.Split('/')[2]}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var metadata = await WaitForStateAsync(key, "finished");
        Assert.Equal("cancelled", metadata["close_reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_javascript_spider_emits_items_logs_and_requests_through_its_context()
    {
        await DeployAsync("js-spider", new JsonObject
        {
            ["type"] = "javascript",
            ["source"] = "async function Run(ctx) { for (let i = 0; i < 3; i++) ctx.item({ i, word: ctx.args.word }); ctx.info('done'); ctx.request('http://example.invalid/', 200); }",
        });
        var key = await RunAsync("js-spider", ("word", "js"));
        var metadata = await WaitForStateAsync(key, "finished");
        Assert.Equal("finished", metadata["close_reason"]!.GetValue<string>());
        var items = await PlatformSilo.ReadLinesAsync(await silo.Alice.GetAsync($"/storage/items/{key}"));
        Assert.Equal([0, 1, 2], items.Select(i => i["i"]!.GetValue<int>()));
        Assert.Equal("js", items[0]["word"]!.GetValue<string>());
        var requests = await PlatformSilo.ReadLinesAsync(await silo.Alice.GetAsync($"/storage/requests/{key}"));
        Assert.Equal("http://example.invalid/", requests.Single()["url"]!.GetValue<string>());
    }

    [Fact]
    public async Task Jobs_beyond_the_project_capacity_stay_pending_until_units_free_up()
    {
        // The silo gives each project 2 units: a 2-unit job fills it.
        await DeployAsync("big-spider", new JsonObject { ["type"] = "shell", ["command"] = "sleep 300" });
        await DeployAsync("waiting-spider", new JsonObject { ["type"] = "shell", ["command"] = "true" });
        var big = await RunAsync("big-spider", ("units", "2"));
        await WaitForStateAsync(big, "running");
        var waiting = await RunAsync("waiting-spider");
        await Task.Delay(1000);
        Assert.Equal("pending", JsonNode.Parse(await silo.Alice.GetStringAsync($"/storage/jobs/{waiting}/state"))!.GetValue<string>());
        await silo.Alice.PostAsync("/storage/jobq/3/cancel", new StringContent($"[{{\"key\":\"{big}\"}}]"));
        var metadata = await WaitForStateAsync(waiting, "finished");
        Assert.Equal("finished", metadata["close_reason"]!.GetValue<string>());
    }
}
