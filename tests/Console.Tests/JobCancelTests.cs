using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using JobRuntime.Client.Hosting;
using JobRuntime.Client.Jobs;
using JobRuntime.GrainInterfaces;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JobRuntime.Console.Tests;

/// <summary>Cancelling a job of a silo process, over HTTP and from the .NET client.</summary>
public sealed class JobCancelTests
{
    [Fact]
    public async Task A_cancelled_job_ends_its_unstarted_tasks_as_cancelled_errors_and_refuses_more_tasks()
    {
        await using var silo = await ConsoleSilo.StartAsync(ConsoleSilo.SmallBatches);
        var http = silo.Process.Http;
        var id = await silo.CreateJobAsync(program: ConsoleSilo.SlowProgram);
        await silo.SubmitAsync(id, 300);
        await WaitAsync(async () => (await InfoAsync(http, id)).GetProperty("finished").GetInt64() > 0);

        using var cancelled = await http.PostAsync($"/jobs/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("cancelled", (await cancelled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        using var again = await http.PostAsync($"/jobs/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);

        // Every task ends: those that had started with their result, the others as cancelled.
        await WaitAsync(async () => await InfoAsync(http, id) is var j && j.GetProperty("finished").GetInt64() + j.GetProperty("failed").GetInt64() == 300);
        var info = await InfoAsync(http, id);
        var errors = (await http.GetStringAsync($"/jobs/{id}/errors")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal("cancelled", info.GetProperty("status").GetString());
        Assert.InRange(info.GetProperty("failed").GetInt64(), 1, 299);
        Assert.Equal(info.GetProperty("failed").GetInt64(), errors.Count);
        Assert.All(errors, e => Assert.Equal("cancelled", e.GetProperty("type").GetString()));

        using var refused = await http.PostAsync($"/jobs/{id}/tasks", new StringContent("1\n", Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("was cancelled", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync("/jobs/no-such-job/cancel", null)).StatusCode);
    }

    [Fact]
    public async Task A_client_run_of_a_job_cancelled_midway_ends_with_the_unstarted_tasks_as_cancelled_errors()
    {
        await using var silo = await ConsoleSilo.StartAsync(ConsoleSilo.SmallBatches);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client => client.UseJobRuntimeGateway(builder.Configuration, silo.Process.GatewayAddress));
        using var host = builder.Build();
        await host.StartAsync();
        var jobs = new JobClient(host.Services.GetRequiredService<IClusterClient>());
        var job = await jobs.CreateJobAsync(ConsoleSilo.SlowProgram);

        var run = job.RunAsync(Enumerable.Range(0, 300));
        var results = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await foreach (var _ in run.WithCancellation(timeout.Token))
        {
            if (++results == 1)
            {
                Assert.Equal("cancelled", (await job.CancelAsync()).Status);
            }
        }

        Assert.Equal(300, results + run.Errors.Count);
        Assert.NotEmpty(run.Errors);
        Assert.All(run.Errors, e => Assert.Equal(TaskError.Cancelled, e.Error.Type));
        await Assert.ThrowsAsync<JobCancelledException>(() => job.SubmitTasksAsync([1]));
        await host.StopAsync();
    }

    [Fact]
    public async Task A_cancel_is_kept_across_a_silo_restart_and_the_unstarted_tasks_still_end_as_cancelled()
    {
        await using var silo = await ConsoleSilo.StartAsync(ConsoleSilo.SmallBatches);
        var id = await silo.CreateJobAsync(program: ConsoleSilo.SlowProgram);
        await silo.SubmitAsync(id, 300);
        await WaitAsync(async () => (await InfoAsync(silo.Process.Http, id)).GetProperty("finished").GetInt64() > 0);
        (await silo.Process.Http.PostAsync($"/jobs/{id}/cancel", null)).EnsureSuccessStatusCode();

        await silo.RestartAsync(); // killed: outcomes the chunks had not written yet are lost
        Assert.Equal("cancelled", (await InfoAsync(silo.Process.Http, id)).GetProperty("status").GetString());
        await WaitAsync(async () => await InfoAsync(silo.Process.Http, id) is var j && j.GetProperty("finished").GetInt64() + j.GetProperty("failed").GetInt64() == 300);
        var errors = (await silo.Process.Http.GetStringAsync($"/jobs/{id}/errors")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Equal("cancelled", JsonDocument.Parse(e).RootElement.GetProperty("type").GetString()));
    }

    private static async Task<JsonElement> InfoAsync(HttpClient http, string id) =>
        await http.GetFromJsonAsync<JsonElement>($"/jobs/{id}");

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within two minutes");
            await Task.Delay(200);
        }
    }
}
