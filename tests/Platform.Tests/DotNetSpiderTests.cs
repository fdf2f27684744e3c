using System.Text.Json.Nodes;
using JobRuntime.GrainInterfaces.Platform;
using JobRuntime.Grains.Hosting;
using JobRuntime.Storage.Platform;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace JobRuntime.Platform.Tests;

/// <summary>.NET handler spiders (<c>silo.AddSpider</c>) run by the platform's grains in a test cluster over its own SQLite file.</summary>
public sealed class DotNetSpiderTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("jobruntime-platform-dotnet-").FullName;
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo
            .UseSqlite(o => o.DataSource = Path.Combine(_directory, "silo.db"))
            .AddPlatform()
            .AddSpider("count-to-three", async (context, cancellationToken) =>
            {
                for (var i = 0; i < 3; i++)
                {
                    await context.WriteItemAsync(new { i, word = context.Arguments["word"] });
                }
                await context.LogAsync(20, "counted");
            })
            .AddSpider("throws", (_, _) => throw new InvalidOperationException("no network")));
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private T Service<T>() where T : notnull => _cluster.Silos[0].ServiceProvider.GetRequiredService<T>();

    private async Task<string> ScheduleAsync(string spider, string handler)
    {
        var projects = Service<IPlatformProjectStore>();
        var record = await projects.SpiderEnsureAsync(7, spider);
        await projects.SpiderUpdateAsync(record with { Program = new JsonObject { ["type"] = "dotnet", ["handler"] = handler }.ToJsonString() });
        var pushed = await _cluster.Client.GetGrain<IPlatformProjectGrain>(7).PushAsync(new PlatformPushRequest
        {
            Spider = spider,
            User = "tester",
            Metadata = new JsonObject { ["spider_args"] = new JsonObject { ["word"] = "net" } }.ToJsonString(),
        });
        return pushed.Key!;
    }

    private async Task<JsonObject> FinishedAsync(string key)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var metadata = (JsonObject)JsonNode.Parse((await _cluster.Client.GetGrain<IPlatformJobGrain>(key).GetMetadataAsync())!)!;
            if (metadata["state"]!.GetValue<string>() == "finished" || DateTime.UtcNow > deadline)
            {
                return metadata;
            }
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_dotnet_spider_writes_items_and_logs_through_its_context_and_its_job_finishes()
    {
        var key = await ScheduleAsync("dotnet-spider", "count-to-three");
        var metadata = await FinishedAsync(key);
        Assert.Equal("finished", metadata["close_reason"]!.GetValue<string>());
        PlatformJobKey.TryParse(key, out var job);
        var items = await Service<IPlatformDataStore>().DataReadAsync(new PlatformDataReadParams(7, job.Spider, job.Job, PlatformDataKind.Items, null, null, null, -1));
        Assert.Equal(["{\"i\":0,\"word\":\"net\"}", "{\"i\":1,\"word\":\"net\"}", "{\"i\":2,\"word\":\"net\"}"], items.Select(i => i.Data));
        Assert.Equal(1, await Service<IPlatformDataStore>().DataCountAsync(job, PlatformDataKind.Logs));
    }

    [Fact]
    public async Task A_dotnet_spider_that_throws_ends_its_job_as_failed_with_the_error_logged()
    {
        var key = await ScheduleAsync("failing-spider", "throws");
        var metadata = await FinishedAsync(key);
        Assert.Equal("failed", metadata["close_reason"]!.GetValue<string>());
        PlatformJobKey.TryParse(key, out var job);
        var logs = await Service<IPlatformDataStore>().DataReadAsync(new PlatformDataReadParams(7, job.Spider, job.Job, PlatformDataKind.Logs, null, null, null, -1));
        Assert.Contains("no network", logs.Single().Data);
    }
}
