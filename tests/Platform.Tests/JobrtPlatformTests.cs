using System.Text.Json.Nodes;

namespace JobRuntime.Platform.Tests;

/// <summary>The same work from <c>jobrt</c>: its platform commands against the silo process's HTTP API.</summary>
[Collection(PlatformCollection.Name)]
public sealed class JobrtPlatformTests(PlatformSilo silo)
{
    private async Task<(int ExitCode, string Out, string Error)> JobrtAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await Cli.Cli.RunAsync([.. args, "--url", silo.Address.ToString(), "--apikey", PlatformSilo.AliceKey], TextReader.Null, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Jobrt_schedules_a_spider_and_prints_its_items_and_the_projects_of_the_key()
    {
        await silo.Alice.GetAsync("/storage/ids/1/spider/jobrt-spider?create=True");
        var (exit, output, error) = await JobrtAsync("schedule", "1", "jobrt-spider", "-a", "page=2", "--tag", "cli");
        Assert.True(exit == 0, error);
        var key = output.Trim();
        await silo.Alice.PostAsync($"/storage/items/{key}?start=0", PlatformSilo.Lines(["{\"x\":1}", "{\"x\":2}"]));
        var items = await JobrtAsync("items", key);
        Assert.Equal(["{\"x\":1}", "{\"x\":2}"], items.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var jobs = await JobrtAsync("jobs", "1", "--spider", "jobrt-spider", "--state", "pending");
        Assert.Equal(key, JsonNode.Parse(jobs.Out.Split('\n')[0])!["key"]!.GetValue<string>());
        var projects = await JobrtAsync("projects");
        Assert.Equal(["1", "3", "4"], projects.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Jobrt_reports_a_refused_request_with_the_servers_message_and_exit_code_1()
    {
        var (exit, _, error) = await JobrtAsync("collections", "2", "anything");
        Assert.Equal(1, exit);
        Assert.Contains("no access to project 2", error);
    }
}
