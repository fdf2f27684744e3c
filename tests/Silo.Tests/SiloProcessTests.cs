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
