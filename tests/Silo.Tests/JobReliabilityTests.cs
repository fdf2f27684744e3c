using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace JobRuntime.Silo.Tests;

/// <summary>The silo as its own process, killed with SIGKILL halfway through a job and restarted on the same database.</summary>
public sealed class JobReliabilityTests : IDisposable
{
    private const int Tasks = 100_000;

    private readonly string _directory = Directory.CreateTempSubdirectory("jobruntime-reliability-").FullName;

    [Fact]
    public async Task After_a_kill_9_halfway_through_a_job_every_task_ends_exactly_once()
    {
        var database = Path.Combine(_directory, "silo.db");
        // Short leases, so the dead silo's tasks come back quickly after the restart.
        string[] settings = ["--JobRuntime:Jobs:ResumeInterval", "00:00:01"];
        string id;
        long before;
        await using (var silo = await SiloProcess.StartAsync(database, null, settings))
        {
            await RequireJavaScriptAsync(silo);
            var created = await silo.Http.PostAsync("/jobs/", new StringContent("""{"program": "function Run(d) { return d * 2; }", "bid": 1.0, "group": null}"""));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            var body = new StringBuilder();
            for (var i = 0; i < Tasks; i++)
            {
                body.Append(i).Append('\n');
            }
            Assert.Equal(HttpStatusCode.Created, (await silo.Http.PostAsync($"/jobs/{id}/tasks", new StringContent(body.ToString()))).StatusCode);
            // Kill it while it is partway through.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                var job = await silo.Http.GetFromJsonAsync<JsonElement>($"/jobs/{id}");
                before = job.GetProperty("finished").GetInt64() + job.GetProperty("failed").GetInt64();
                if (before >= Tasks / 10 || DateTime.UtcNow > deadline)
                {
                    break;
                }
                await Task.Delay(20);
            }
            await silo.KillAsync();
        }
        Assert.InRange(before, 1, Tasks - 1);

        await using var restarted = await SiloProcess.StartAsync(database, null, settings);
        var done = DateTime.UtcNow.AddSeconds(120);
        JsonElement info;
        do
        {
            await Task.Delay(200);
            info = await restarted.Http.GetFromJsonAsync<JsonElement>($"/jobs/{id}");
        }
        while (info.GetProperty("finished").GetInt64() + info.GetProperty("failed").GetInt64() < Tasks && DateTime.UtcNow < done);
        Assert.Equal(Tasks, info.GetProperty("total").GetInt64());
        Assert.Equal(Tasks, info.GetProperty("finished").GetInt64());
        Assert.Equal(0, info.GetProperty("failed").GetInt64());

        // Every result once: the doubles of 0..n-1, none missing, none twice.
        var results = (await restarted.Http.GetStringAsync($"/jobs/{id}/results"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(long.Parse)
            .Order()
            .ToList();
        Assert.Equal(Enumerable.Range(0, Tasks).Select(i => 2L * i), results);
    }

    private static async Task RequireJavaScriptAsync(SiloProcess silo)
    {
        var health = await silo.Http.GetFromJsonAsync<JsonElement>("/health");
        var javaScript = health.GetProperty("javaScript");
        Assert.True(javaScript.GetProperty("available").GetBoolean(), $"This test runs JavaScript jobs and needs Node.js: {javaScript}");
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
