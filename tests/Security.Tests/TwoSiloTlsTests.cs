using JobRuntime.GrainInterfaces;
using JobRuntime.Silo.Tests;
using JobRuntime.TestServices;
using Orleans.Runtime;

namespace JobRuntime.Security.Tests;

/// <summary>Two silos of a PostgreSQL cluster talk to each other over mutual TLS and both become active members.</summary>
public sealed class TwoSiloTlsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("jobruntime-tls2-").FullName;

    [Fact]
    public async Task Two_silos_with_certificates_of_one_authority_form_a_cluster_that_a_client_with_one_uses()
    {
        using var certificates = new TestCertificates(_directory);
        var cluster = new Dictionary<string, string?>
        {
            ["JobRuntime:Cluster:Provider"] = "PostgreSQL",
            ["JobRuntime:Cluster:ConnectionString"] = await TestServers.CreatePostgresDatabaseAsync("tls"),
            ["Orleans:ClusterId"] = TestServers.UniqueAzureName("tls"),
            ["Orleans:ServiceId"] = TestServers.UniqueAzureName("tls"),
        };
        string[] Arguments(string name) =>
        [
            .. cluster.SelectMany(p => new[] { "--" + p.Key, p.Value! }),
            "--JobRuntime:Cluster:Tls:CertificatePath", certificates.Issue(name),
            "--JobRuntime:Cluster:Tls:CertificatePassword", TestCertificates.Password,
            "--JobRuntime:Cluster:Tls:TrustedCaPath", certificates.AuthorityPath,
        ];
        await using var first = await SiloProcess.StartAsync(Path.Combine(_directory, "silo-1.db"), null, Arguments("silo-1"));
        await using var second = await SiloProcess.StartAsync(Path.Combine(_directory, "silo-2.db"), null, Arguments("silo-2"));
        await using var client = await TlsClient.StartAsync(TlsClient.Settings(certificates.Issue("client"), certificates.AuthorityPath, cluster));

        var management = client.Client.GetGrain<IManagementGrain>(0);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        var active = 0;
        while (DateTime.UtcNow < deadline && (active = (await management.GetHosts(onlyActive: true)).Count) < 2)
        {
            await Task.Delay(500);
        }

        Assert.Equal(2, active);
        Assert.Equal("Hello, cluster!", (await client.Client.GetGrain<IGreeterGrain>("cluster").Greet()).Text);
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
