using System.Reflection;
using JobRuntime.GrainInterfaces;
using JobRuntime.Silo.Tests;

namespace JobRuntime.Security.Tests;

/// <summary>A silo process whose gateway speaks mutual TLS with a certificate of an authority made for it.</summary>
public sealed class TlsSilo : IAsyncLifetime
{
    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("jobruntime-tls-").FullName;

    public string Directory => _directory;

    internal TestCertificates Certificates { get; private set; } = null!;

    internal SiloProcess Silo { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Certificates = new TestCertificates(_directory);
        Silo = await SiloProcess.StartAsync(Path.Combine(_directory, "silo.db"), null,
            "--JobRuntime:Cluster:Tls:CertificatePath", Certificates.Issue("silo"),
            "--JobRuntime:Cluster:Tls:CertificatePassword", TestCertificates.Password,
            "--JobRuntime:Cluster:Tls:TrustedCaPath", Certificates.AuthorityPath);
    }

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        Certificates.Dispose();
        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>
/// Mutual TLS on the Orleans gateway (JobRuntime:Cluster:Tls), with certificates made in the
/// test: a client whose certificate the cluster's authority issued connects and calls a grain; a
/// client with none, or with one from another authority, cannot.
/// </summary>
public sealed class ClusterTlsTests(TlsSilo tls) : IClassFixture<TlsSilo>
{
    // A trusted client connects within seconds; an untrusted one is still refused after this long.
    private static readonly TimeSpan Refused = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_client_with_a_certificate_of_the_clusters_authority_connects_and_calls_a_grain()
    {
        await using var client = await TlsClient.StartAsync(TlsClient.Settings(tls.Certificates.Issue("client"), tls.Certificates.AuthorityPath, Gateway()));

        var greeting = await client.Client.GetGrain<IGreeterGrain>("tls").Greet();

        Assert.Equal("Hello, tls!", greeting.Text);
    }

    [Fact]
    public async Task A_client_without_a_certificate_cannot_call_a_grain()
    {
        var failure = await Record.ExceptionAsync(async () =>
        {
            await using var client = await TlsClient.StartAsync(TlsClient.Settings(null, null, Gateway()), Refused);
            await client.Client.GetGrain<IGreeterGrain>("plain").Greet();
        });

        Assert.NotNull(failure);
        Assert.IsNotType<InvalidOperationException>(failure); // not a configuration error: the connection was refused
    }

    [Fact]
    public async Task A_client_with_a_certificate_of_another_authority_cannot_call_a_grain()
    {
        using var rogue = new TestCertificates(System.IO.Directory.CreateDirectory(Path.Combine(tls.Directory, "rogue")).FullName, "Rogue CA");
        var failure = await Record.ExceptionAsync(async () =>
        {
            await using var client = await TlsClient.StartAsync(TlsClient.Settings(rogue.Issue("intruder"), rogue.AuthorityPath, Gateway()), Refused);
            await client.Client.GetGrain<IGreeterGrain>("rogue").Greet();
        });

        Assert.NotNull(failure);
        Assert.IsNotType<InvalidOperationException>(failure);
    }

    [Fact]
    public async Task Jobrt_reaches_a_tls_gateway_with_a_certificate_from_its_environment_and_not_without()
    {
        var certificate = tls.Certificates.Issue("jobrt");
        var (trusted, trustedOutput) = await JobrtAsync(new()
        {
            ["JobRuntime__Cluster__Tls__CertificatePath"] = certificate,
            ["JobRuntime__Cluster__Tls__CertificatePassword"] = TestCertificates.Password,
            ["JobRuntime__Cluster__Tls__TrustedCaPath"] = tls.Certificates.AuthorityPath,
        });
        var (plain, _) = await JobrtAsync([], Refused); // refused, or still not connected after that long

        Assert.True(trusted == 0, trustedOutput);
        Assert.NotEqual(0, plain);
    }

    private async Task<(int ExitCode, string Output)> JobrtAsync(Dictionary<string, string> environment, TimeSpan? within = null)
    {
        var cli = typeof(TlsSilo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CliAssembly").Value!;
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = tls.Directory };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        foreach (var argument in (string[])[cli, "list", "--gateway", tls.Silo.GatewayAddress])
        {
            start.ArgumentList.Add(argument);
        }
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, "jobrt did not finish in time");
        }
        return (process.ExitCode, await output + await error);
    }

    private Dictionary<string, string?> Gateway() => new() { ["JobRuntime:Client:Gateway"] = tls.Silo.GatewayAddress };
}
