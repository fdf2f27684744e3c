using JobRuntime.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JobRuntime.Security.Tests;

/// <summary>An Orleans client hosted as an app would, configured by JobRuntime:Cluster (and its Tls section) through UseJobRuntimeCluster.</summary>
internal sealed class TlsClient : IAsyncDisposable
{
    private readonly IHost _host;

    private TlsClient(IHost host) => _host = host;

    public IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

    public static async Task<TlsClient> StartAsync(IReadOnlyDictionary<string, string?> settings, TimeSpan? connectWithin = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.UseOrleansClient(client => client.UseJobRuntimeCluster(builder.Configuration));
        var host = builder.Build();
        using var timeout = new CancellationTokenSource(connectWithin ?? TimeSpan.FromSeconds(90));
        try
        {
            await host.StartAsync(timeout.Token);
        }
        catch
        {
            host.Dispose();
            throw;
        }
        return new TlsClient(host);
    }

    /// <summary>The settings of a client with this certificate (or none) and trusted authority (or none).</summary>
    public static Dictionary<string, string?> Settings(string? certificate, string? authority, IReadOnlyDictionary<string, string?> cluster)
    {
        var settings = new Dictionary<string, string?>(cluster)
        {
            ["JobRuntime:Cluster:Tls:CertificatePath"] = certificate,
            ["JobRuntime:Cluster:Tls:CertificatePassword"] = certificate is null ? null : TestCertificates.Password,
            ["JobRuntime:Cluster:Tls:TrustedCaPath"] = authority,
        };
        return settings;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
        }
        finally
        {
            _host.Dispose();
        }
    }
}
