using System.Text.Json.Nodes;
using JobRuntime.Client.Platform;

namespace JobRuntime.Platform.Tests;

/// <summary>The same work from C#: <see cref="PlatformClient"/> against the silo process.</summary>
[Collection(PlatformCollection.Name)]
public sealed class PlatformClientTests(PlatformSilo silo)
{
    private PlatformClient Alice() => new(silo.Address, PlatformSilo.AliceKey);

    [Fact]
    public async Task The_client_schedules_a_run_reads_its_metadata_and_a_duplicate_run_throws_a_duplicate_job_exception()
    {
        using var client = Alice();
        var project = client.GetProject(1);
        await project.GetSpiderIdAsync("client-spider", create: true);
        var job = await project.Jobs.RunAsync("client-spider", new Dictionary<string, string> { ["page"] = "1" }, ["from-csharp"]);
        var metadata = await job.GetMetadataAsync();
        Assert.Equal("pending", metadata["state"]!.GetValue<string>());
        Assert.Equal("from-csharp", metadata["tags"]![0]!.GetValue<string>());
        await Assert.ThrowsAsync<PlatformDuplicateJobException>(() => project.Jobs.RunAsync("client-spider", new Dictionary<string, string> { ["page"] = "1" }));
        Assert.Equal("pending", await job.UpdateAsync("finished", new JsonObject { ["close_reason"] = "done" }));
        Assert.Contains(1L, await client.ListProjectsAsync());
    }

    [Fact]
    public async Task The_client_pages_through_items_in_order()
    {
        using var client = Alice();
        var project = client.GetProject(1);
        await project.GetSpiderIdAsync("client-items", create: true);
        var job = await project.Jobs.RunAsync("client-items");
        await job.Items.WriteAsync(Enumerable.Range(0, 25).Select(i => (JsonNode)new JsonObject { ["i"] = i }), start: 0);
        var read = new List<int>();
        await foreach (var item in job.Items.IterAsync(pageSize: 10))
        {
            read.Add(item["i"]!.GetValue<int>());
        }
        Assert.Equal(Enumerable.Range(0, 25), read);
        Assert.Equal(25, (await job.Items.StatsAsync())["totals"]!["input_values"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_client_maps_a_missing_key_to_not_found_and_another_users_project_to_forbidden()
    {
        using var client = Alice();
        var books = client.GetProject(1).GetCollection("client_books");
        await books.SetAsync(new JsonObject { ["_key"] = "b1", ["title"] = "Dune" });
        Assert.Equal("Dune", (await books.GetAsync("b1"))["title"]!.GetValue<string>());
        Assert.Equal(1, await books.CountAsync());
        await books.DeleteAsync(["b1"]);
        await Assert.ThrowsAsync<PlatformNotFoundException>(() => books.GetAsync("b1"));
        await Assert.ThrowsAsync<PlatformForbiddenException>(() => client.GetProject(2).GetSettingsAsync());
        using var anonymous = new PlatformClient(silo.Address, "wrong-key");
        await Assert.ThrowsAsync<PlatformUnauthorizedException>(() => anonymous.ListProjectsAsync());
    }

    [Fact]
    public async Task The_client_sums_the_newcount_of_a_frontier_slot()
    {
        using var client = Alice();
        var slot = client.GetProject(1).GetFrontierSlot("client-frontier", "s0");
        await slot.AddAsync([new JsonObject { ["fp"] = "/1" }, new JsonObject { ["fp"] = "/2" }]);
        await slot.AddAsync([new JsonObject { ["fp"] = "/2" }, new JsonObject { ["fp"] = "/3" }]);
        Assert.Equal(3, slot.NewCount);
        await slot.DeleteAsync();
    }
}
