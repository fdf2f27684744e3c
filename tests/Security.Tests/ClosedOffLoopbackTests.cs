using JobRuntime.Silo.Tests;

namespace JobRuntime.Security.Tests;

/// <summary>
/// A silo that would listen beyond loopback with a door open refuses to start. Binding every
/// address is asked for here only to see the refusal: the silo exits before anything listens.
/// </summary>
public sealed class ClosedOffLoopbackTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("jobruntime-closed-").FullName;

    [Fact]
    public async Task A_silo_asked_to_listen_on_every_address_with_no_users_exits_before_listening_and_says_how_to_configure_users()
    {
        var (exitCode, output) = await SiloProcess.RunToExitAsync(_directory,
            "--urls", $"http://0.0.0.0:{SiloProcess.FreePort()}",
            "--JobRuntime:Sqlite:DataSource", Path.Combine(_directory, "silo.db"),
            "--Orleans:Endpoints:GatewayPort", SiloProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("refuses to start", output);
        Assert.Contains("http://0.0.0.0:", output);
        Assert.Contains("JobRuntime:Http:Users:0:Name", output);
        Assert.Contains("JobRuntime:Platform:Users:0:Name", output);
        Assert.DoesNotContain("Now listening on", output);
    }

    [Fact]
    public async Task A_silo_with_jobs_users_but_no_platform_keys_still_refuses_every_address_naming_the_platform()
    {
        var (exitCode, output) = await SiloProcess.RunToExitAsync(_directory,
            "--urls", $"http://+:{SiloProcess.FreePort()}",
            "--JobRuntime:Sqlite:DataSource", Path.Combine(_directory, "silo.db"),
            "--Orleans:Endpoints:GatewayPort", SiloProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--JobRuntime:Http:Users:0:Name", "alice", "--JobRuntime:Http:Users:0:Password", "alice-pw");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("the platform API has no API keys", output);
        Assert.DoesNotContain("the jobs, queues, state and console APIs have no users", output);
        Assert.DoesNotContain("alice-pw", output);
        Assert.DoesNotContain("Now listening on", output);
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
