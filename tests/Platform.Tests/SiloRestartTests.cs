using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using JobRuntime.Silo.Tests;

namespace JobRuntime.Platform.Tests;

/// <summary>A job whose silo is killed while its spider runs does not stay running: the restarted silo finishes it as failed.</summary>
public sealed class SiloRestartTests : IDisposable
{
    // The spider runs until its silo (its parent process) is gone, so the kill leaves no process behind.
    private const string WaitForParent = "echo started; while kill -0 $PPID 2>/dev/null; do sleep 1; done";

    private static readonly string[] s_settings =
        ["--JobRuntime:Cluster:MinimumReminderPeriod", "00:00:01", "--JobRuntime:Platform:RunWatchPeriod", "00:00:02"];

    private readonly string _directory = Directory.CreateTempSubdirectory("jobruntime-platform-restart-").FullName;

    private static async Task<JsonObject> WaitForStateAsync(HttpClient http, string key, string state)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (true)
        {
            var metadata = (JsonObject)JsonNode.Parse(await http.GetStringAsync($"/storage/jobs/{key}"))!;
            if (metadata["state"]!.GetValue<string>() == state)
            {
                return metadata;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Job {key} did not reach {state}: {metadata.ToJsonString()}");
            }
            await Task.Delay(250);
        }
    }

    [Fact]
    public async Task A_job_running_when_its_silo_is_killed_finishes_as_failed_after_the_restart()
    {
        var database = Path.Combine(_directory, "silo.db");
        string key;
        await using (var silo = await SiloProcess.StartAsync(database, null, s_settings))
        {
            using var deploy = await silo.Http.PutAsync("/api/admin/projects/5/spiders/long-runner",
                new StringContent(new JsonObject { ["type"] = "shell", ["command"] = WaitForParent }.ToJsonString(), Encoding.UTF8, "application/json"));
            deploy.EnsureSuccessStatusCode();
            using var run = await silo.Http.PostAsync("/api/run.json", PlatformSilo.Form(("project", "5"), ("spider", "long-runner")));
            key = (await run.Content.ReadFromJsonAsync<JsonObject>())!["jobid"]!.GetValue<string>();
            await WaitForStateAsync(silo.Http, key, "running");
            await silo.KillAsync();
        }

        await using var restarted = await SiloProcess.StartAsync(database, null, s_settings);
        var metadata = await WaitForStateAsync(restarted.Http, key, "finished");
        Assert.Equal("failed", metadata["close_reason"]!.GetValue<string>());
        var errors = await PlatformSilo.ReadLinesAsync(await restarted.Http.GetAsync($"/storage/logs/{key}?filter=" + Uri.EscapeDataString("[\"level\", \">=\", [40]]")));
        Assert.Contains(errors, l => l["message"]!.GetValue<string>().Contains("not re-run", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
