using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace JobRuntime.Cluster.Tests.Platform;

/// <summary>
/// The crawling platform on a PostgreSQL cluster of two silo processes: spiders run on both
/// silos, and when one is killed with SIGKILL its running jobs are finished as failed by the other.
/// </summary>
public sealed class PlatformClusterTests
{
    // The spider runs until its silo (its parent process) is gone, so a kill leaves no process behind.
    private const string WaitForParent = "while kill -0 $PPID 2>/dev/null; do sleep 1; done";
    private const int Jobs = 16;

    private static async Task<JsonObject> MetadataAsync(HttpClient http, string key) =>
        (JsonObject)JsonNode.Parse(await http.GetStringAsync($"/storage/jobs/{key}"))!;

    // Starts a two-silo cluster and runs 16 jobs of a waiting shell spider; the jobs by the silo running them.
    private static async Task<(TwoSiloCluster Cluster, List<string> OnFirst, List<string> OnSecond)> RunJobsAsync()
    {
        var cluster = await TwoSiloCluster.StartAsync(await ClusterProfile.PostgreSqlAsync(),
            "--JobRuntime:Platform:RunWatchPeriod", "00:00:02", "--JobRuntime:Platform:ProjectUnits", "32");
        try
        {
            return await RunJobsAsync(cluster);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private static async Task<(TwoSiloCluster Cluster, List<string> OnFirst, List<string> OnSecond)> RunJobsAsync(TwoSiloCluster cluster)
    {
        var http = cluster.Silos[0].Http;
        using (var deploy = await http.PutAsync("/api/admin/projects/1/spiders/waiter",
            new StringContent(new JsonObject { ["type"] = "shell", ["command"] = WaitForParent }.ToJsonString(), Encoding.UTF8, "application/json")))
        {
            deploy.EnsureSuccessStatusCode();
        }
        var keys = new List<string>();
        for (var i = 0; i < Jobs; i++)
        {
            using var run = await http.PostAsync("/api/run.json", new FormUrlEncodedContent([
                KeyValuePair.Create("project", "1"), KeyValuePair.Create("spider", "waiter"), KeyValuePair.Create("n", i.ToString(System.Globalization.CultureInfo.InvariantCulture))]));
            keys.Add((await run.Content.ReadFromJsonAsync<JsonObject>())!["jobid"]!.GetValue<string>());
        }
        var workers = new Dictionary<string, string>();
        await Eventually.ThatAsync(async () =>
        {
            foreach (var key in keys.Where(k => !workers.ContainsKey(k)))
            {
                var metadata = await MetadataAsync(http, key);
                if (metadata["state"]!.GetValue<string>() == "running")
                {
                    workers[key] = metadata["_shub_worker"]!.GetValue<string>();
                }
            }
            return workers.Count == Jobs;
        }, TimeSpan.FromSeconds(120), "every job running");
        string Port(ClusterSilo silo) => $":{silo.SiloPort}@";
        var onFirst = keys.Where(k => workers[k].Contains(Port(cluster.Silos[0]), StringComparison.Ordinal)).ToList();
        var onSecond = keys.Where(k => workers[k].Contains(Port(cluster.Silos[1]), StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(onFirst);
        Assert.NotEmpty(onSecond);
        Assert.Equal(Jobs, onFirst.Count + onSecond.Count);

        return (cluster, onFirst, onSecond);
    }

    [Fact]
    public async Task Spiders_run_on_both_silos_and_the_jobs_of_a_killed_silo_finish_as_failed_on_the_other()
    {
        var (cluster, onFirst, onSecond) = await RunJobsAsync();
        await using var owned = cluster;
        await cluster.KillAsync(cluster.Silos[1]);
        var survivor = cluster.Silos[0].Http;
        await Eventually.ThatAsync(async () =>
        {
            foreach (var key in onSecond)
            {
                if ((await MetadataAsync(survivor, key))["state"]!.GetValue<string>() != "finished")
                {
                    return false;
                }
            }
            return true;
        }, TimeSpan.FromSeconds(240), "the killed silo's jobs finished");
        foreach (var key in onSecond)
        {
            Assert.Equal("failed", (await MetadataAsync(survivor, key))["close_reason"]!.GetValue<string>());
        }
        foreach (var key in onFirst)
        {
            var metadata = await MetadataAsync(survivor, key);
            var logs = await survivor.GetStringAsync($"/storage/logs/{key}");
            Assert.True(metadata["state"]!.GetValue<string>() == "running", $"{metadata.ToJsonString()}\n{logs}");
        }
    }

    [Fact]
    public async Task A_silo_stopped_gracefully_finishes_its_running_jobs_as_shutdown()
    {
        var (cluster, onFirst, onSecond) = await RunJobsAsync();
        await using var owned = cluster;
        await cluster.Silos[1].StopAsync();
        var survivor = cluster.Silos[0].Http;
        foreach (var key in onSecond)
        {
            var metadata = await MetadataAsync(survivor, key);
            Assert.True(metadata["close_reason"]?.GetValue<string>() == "shutdown", metadata.ToJsonString());
        }
        foreach (var key in onFirst)
        {
            Assert.Equal("running", (await MetadataAsync(survivor, key))["state"]!.GetValue<string>());
        }
    }
}
