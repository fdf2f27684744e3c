using System.Text.Json.Nodes;
using JobRuntime.Client.Platform;

namespace JobRuntime.Platform.Tests;

/// <summary>Versioned collections' history and the admin deletes from C# (<see cref="PlatformClient"/>) and from jobrt.</summary>
[Collection(PlatformCollection.Name)]
public sealed class PlatformClientAdminTests(PlatformSilo silo)
{
    private async Task<(int ExitCode, string Out, string Error)> JobrtAsync(string key, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await Cli.Cli.RunAsync([.. args, "--url", silo.Address.ToString(), "--apikey", key], TextReader.Null, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task The_client_reads_every_version_of_a_key_in_a_versioned_collection_newest_first()
    {
        using var client = new PlatformClient(silo.Address, PlatformSilo.AliceKey);
        var collection = client.GetProject(1).GetCollection("client_history", "vs");
        foreach (var v in new[] { 1, 2, 3, 4 })
        {
            await collection.SetAsync(new JsonObject { ["_key"] = "k", ["v"] = v });
        }
        var versions = await collection.GetVersionsAsync("k");
        Assert.Equal([4, 3, 2], versions.Select(r => r["v"]!.GetValue<int>()));
        Assert.All(versions, r => Assert.True(r["_ts"]!.GetValue<long>() > 0));
        await Assert.ThrowsAsync<PlatformNotFoundException>(() => collection.GetVersionsAsync("missing"));
    }

    [Fact]
    public async Task Jobrt_prints_every_version_of_a_key_with_versions()
    {
        using var client = new PlatformClient(silo.Address, PlatformSilo.AliceKey);
        var collection = client.GetProject(1).GetCollection("jobrt_history", "vcs");
        await collection.SetAsync(new JsonObject { ["_key"] = "k", ["v"] = 1 });
        await collection.SetAsync(new JsonObject { ["_key"] = "k", ["v"] = 2 });
        var (exit, output, error) = await JobrtAsync(PlatformSilo.AliceKey, "collections", "1", "jobrt_history", "--type", "vcs", "--get", "k", "--versions");
        Assert.True(exit == 0, error);
        Assert.Equal([2, 1], output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!["v"]!.GetValue<int>()));
    }

    [Fact]
    public async Task The_client_deletes_a_finished_spider_and_a_busy_one_throws_a_conflict()
    {
        using var admin = new PlatformClient(silo.Address, PlatformSilo.AdminKey);
        var done = await PlatformSilo.PushAsync(silo.Alice, 1, "client-doomed");
        await silo.Alice.PostAsync("/storage/jobq/1/update", PlatformSilo.Lines([$"{{\"key\":\"{done}\",\"state\":\"finished\"}}"]));
        var answer = await admin.Admin.DeleteSpiderAsync(1, "client-doomed");
        Assert.Equal(1, answer["jobs"]!.GetValue<int>());
        await PlatformSilo.PushAsync(silo.Alice, 1, "client-busy");
        await Assert.ThrowsAsync<PlatformConflictException>(() => admin.Admin.DeleteSpiderAsync(1, "client-busy"));
        await Assert.ThrowsAsync<PlatformNotFoundException>(() => admin.Admin.DeleteUserAsync("no-such-user"));
        using var alice = new PlatformClient(silo.Address, PlatformSilo.AliceKey);
        await Assert.ThrowsAsync<PlatformForbiddenException>(() => alice.Admin.DeleteProjectAsync(1));
    }

    [Fact]
    public async Task Jobrt_admin_deletes_a_project_and_a_user()
    {
        var key = await PlatformSilo.PushAsync(silo.Admin, 78, "jobrt-gone");
        await silo.Admin.PostAsync("/storage/jobq/78/update", PlatformSilo.Lines([$"{{\"key\":\"{key}\",\"state\":\"finished\"}}"]));
        var project = await JobrtAsync(PlatformSilo.AdminKey, "admin", "delete-project", "78");
        Assert.True(project.ExitCode == 0, project.Error);
        Assert.Equal(78, JsonNode.Parse(project.Out)!["deleted"]!.GetValue<long>());
        var user = await JobrtAsync(PlatformSilo.AdminKey, "admin", "delete-user", "nobody-by-jobrt");
        Assert.Equal(1, user.ExitCode);
        Assert.Contains("nobody-by-jobrt", user.Error);
    }
}
