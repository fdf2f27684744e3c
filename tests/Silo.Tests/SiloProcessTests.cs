using System.Net.Http.Json;

namespace JobRuntime.Silo.Tests;

public sealed class SiloProcessTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("jobruntime-silo-").FullName;

    private string DatabasePath => Path.Combine(_directory, "silo.db");

    [Fact]
    public async Task The_silo_process_serves_grains_on_its_embedded_defaults()
    {
        await using var silo = await SiloProcess.StartAsync(DatabasePath);
        var greeting = await silo.Http.GetFromJsonAsync<Greeting>("/hello/ada");
        Assert.Equal(new Greeting("Hello, ada!", 1), greeting);
        Assert.True(File.Exists(DatabasePath));
    }

    [Fact]
    public async Task Grain_state_written_before_a_kill_9_is_there_after_restart()
    {
        await using (var silo = await SiloProcess.StartAsync(DatabasePath))
        {
            await silo.Http.GetFromJsonAsync<Greeting>("/hello/grace");
            await silo.Http.GetFromJsonAsync<Greeting>("/hello/grace");
            await silo.KillAsync();
        }
        await using var restarted = await SiloProcess.StartAsync(DatabasePath);
        var greeting = await restarted.Http.GetFromJsonAsync<Greeting>("/hello/grace");
        Assert.Equal(3, greeting!.Count);
    }

    [Fact]
    public async Task The_silo_serves_the_Orleans_dashboard_and_its_counters()
    {
        await using var silo = await SiloProcess.StartAsync(DatabasePath);
        await silo.Http.GetFromJsonAsync<Greeting>("/hello/ada");
        var page = await silo.Http.GetAsync("/dashboard/");
        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("html", (await page.Content.ReadAsStringAsync()).ToLowerInvariant());
        // The dashboard gathers its counters every second.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        System.Text.Json.JsonElement counters;
        do
        {
            await Task.Delay(250);
            counters = await silo.Http.GetFromJsonAsync<System.Text.Json.JsonElement>("/dashboard/DashboardCounters");
        }
        while (counters.GetProperty("totalActivationCount").GetInt32() == 0 && DateTime.UtcNow < deadline);
        Assert.Equal(1, counters.GetProperty("totalActiveHostCount").GetInt32());
        Assert.True(counters.GetProperty("totalActivationCount").GetInt32() > 0, counters.ToString());
    }

    [Fact]
    public async Task With_users_configured_the_dashboard_wants_their_credentials()
    {
        await using var silo = await SiloProcess.StartAsync(DatabasePath, null,
            "--JobRuntime:Http:Users:0:Name", "alice", "--JobRuntime:Http:Users:0:Password", "alice-pw", "--JobRuntime:Http:Users:0:Admin", "true");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await silo.Http.GetAsync("/dashboard/DashboardCounters")).StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/DashboardCounters");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String("alice:alice-pw"u8));
        Assert.Equal(System.Net.HttpStatusCode.OK, (await silo.Http.SendAsync(request)).StatusCode);
    }

    [Theory]
    [InlineData("Orleans:Endpoints:GatewayPort", "not-a-port")]
    [InlineData("JobRuntime:Sqlite:BusyTimeout", "-00:00:01")]
    [InlineData("JobRuntime:Node:Workers", "0")]
    [InlineData("JobRuntime:Jobs:BatchSize", "0")]
    [InlineData("JobRuntime:Streams:jobs:PollPeriod", "00:00:00")]
    public async Task A_bad_setting_stops_start_up_with_a_message_naming_its_key(string key, string value)
    {
        var (exitCode, output) = await SiloProcess.RunToExitAsync(_directory, "--JobRuntime:Sqlite:DataSource", DatabasePath, $"--{key}", value);
        Assert.NotEqual(0, exitCode);
        Assert.Contains(key, output);
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

    private sealed record Greeting(string Text, int Count);
}
