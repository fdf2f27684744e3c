using JobRuntime.GrainInterfaces;
using JobRuntime.Silo.Tests;

namespace JobRuntime.Security.Tests;

/// <summary>
/// Mutual TLS on the Orleans gateway and between silos (JobRuntime:Cluster:Tls), with certificates
/// made in the test: a client whose certificate the cluster's authority issued connects and calls a
/// grain; a client with none, or with one from another authority, cannot.
/// </summary>
public sealed class ClusterTlsTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("jobruntime-tls-").FullName;
    // A trusted client connects within seconds; an untrusted one is still refused after this long.
    private static readonly TimeSpan Refused = TimeSpan.FromSeconds(20);

    private TestCertificates _certificates = null!;
    private SiloProcess _silo = null!;

    public async Task InitializeAsync()
    {
        _certificates = new TestCertificates(_directory);
        var silo = _certificates.Issue("silo");
        _silo = await SiloProcess.StartAsync(Path.Combine(_directory, "silo.db"), null,
            "--JobRuntime:Cluster:Tls:CertificatePath", silo,
            "--JobRuntime:Cluster:Tls:CertificatePassword", TestCertificates.Password,
            "--JobRuntime:Cluster:Tls:TrustedCaPath", _certificates.AuthorityPath);
    }

    [Fact]
    public async Task A_client_with_a_certificate_of_the_clusters_authority_connects_and_calls_a_grain()
    {
        await using var client = await TlsClient.StartAsync(TlsClient.Settings(_certificates.Issue("client"), _certificates.AuthorityPath, Gateway()));

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
        using var rogue = new TestCertificates(Directory.CreateDirectory(Path.Combine(_directory, "rogue")).FullName, "Rogue CA");
        var failure = await Record.ExceptionAsync(async () =>
        {
            await using var client = await TlsClient.StartAsync(TlsClient.Settings(rogue.Issue("intruder"), rogue.AuthorityPath, Gateway()), Refused);
            await client.Client.GetGrain<IGreeterGrain>("rogue").Greet();
        });

        Assert.NotNull(failure);
        Assert.IsNotType<InvalidOperationException>(failure); // not a configuration error: the connection was refused
    }

    private Dictionary<string, string?> Gateway() => new() { ["JobRuntime:Client:Gateway"] = _silo.GatewayAddress };

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        _certificates.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
