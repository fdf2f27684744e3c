using System.Net;
using System.Net.Http.Json;
using System.Globalization;

namespace JobRuntime.Silo.Tests;

/// <summary>The samples run as a user would run them, each as its own process.</summary>
public sealed class SampleTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("jobruntime-samples-").FullName;

    [Fact]
    public async Task The_client_web_app_calls_grains_of_a_separate_silo()
    {
        await using var silo = await SiloProcess.StartAsync(Path.Combine(_directory, "silo.db"));
        await using var app = await SiloProcess.StartAppAsync("ClientWebAppAssembly", _directory, 0,
            "--JobRuntime:Client:Gateway", silo.GatewayAddress);
        var greeting = await app.Http.GetFromJsonAsync<Greeting>("/greet/ada");
        Assert.Equal(new Greeting("Hello, ada!", 1), greeting);
        // The same grain, reached through the silo's own endpoint, saw the greeting.
        Assert.Equal(2, (await silo.Http.GetFromJsonAsync<Greeting>("/hello/ada"))!.Count);
        var bad = await app.Http.GetAsync($"/greet/{new string('x', 65)}");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task The_client_web_app_runs_a_job_on_a_separate_silo()
    {
        await using var silo = await SiloProcess.StartAsync(Path.Combine(_directory, "silo.db"));
        await using var app = await SiloProcess.StartAppAsync("ClientWebAppAssembly", _directory, 0,
            "--JobRuntime:Client:Gateway", silo.GatewayAddress);
        var squares = await app.Http.PostAsJsonAsync("/square", Enumerable.Range(1, 100).ToArray());
        Assert.Equal(HttpStatusCode.OK, squares.StatusCode);
        Assert.Equal(Enumerable.Range(1, 100).Select(i => i * i), await squares.Content.ReadFromJsonAsync<int[]>());
    }

    [Fact]
    public async Task The_co_hosted_app_serves_grains_from_its_own_silo()
    {
        var gateway = SiloProcess.FreePort();
        await using var app = await SiloProcess.StartAppAsync("CoHostedAppAssembly", _directory, gateway,
            "--JobRuntime:Sqlite:DataSource", Path.Combine(_directory, "cohosted.db"),
            "--Orleans:Endpoints:GatewayPort", gateway.ToString(CultureInfo.InvariantCulture),
            "--Orleans:Endpoints:SiloPort", SiloProcess.FreePort().ToString(CultureInfo.InvariantCulture));
        Assert.Equal(new Greeting("Hello, grace!", 1), await app.Http.GetFromJsonAsync<Greeting>("/greet/grace"));
        Assert.Equal(new Greeting("Hello, grace!", 2), await app.Http.GetFromJsonAsync<Greeting>("/greet/grace"));
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
