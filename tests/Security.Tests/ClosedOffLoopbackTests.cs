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
        Assert.Contains("no users are configured", output);
        Assert.Contains("JobRuntime:Users:0:Name", output);
        Assert.DoesNotContain("Now listening on", output);
    }

    [Fact]
    public async Task A_silo_with_bad_users_in_configuration_exits_at_start_naming_each_key_and_never_a_secret()
    {
        var (exitCode, output) = await SiloProcess.RunToExitAsync(_directory,
            "--urls", $"http://127.0.0.1:{SiloProcess.FreePort()}",
            "--JobRuntime:Sqlite:DataSource", Path.Combine(_directory, "silo.db"),
            "--Orleans:Endpoints:GatewayPort", SiloProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--JobRuntime:Users:0:Name", "alice", "--JobRuntime:Users:0:ApiKeySha256:0", "not-hex",
            "--JobRuntime:Users:1:Name", "bad:name", "--JobRuntime:Users:1:Password", "secret-pw-1",
            "--JobRuntime:Users:2:Name", "carol", "--JobRuntime:Users:2:PasswordHash", "secret-pw-2");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("JobRuntime:Users:0:ApiKeySha256 must hold 64 hex digits", output);
        Assert.Contains("JobRuntime:Users:1:Name", output);
        Assert.Contains("JobRuntime:Users:2:PasswordHash must be pbkdf2-sha256", output);
        Assert.DoesNotContain("secret-pw", output);
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
