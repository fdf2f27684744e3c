using System.Net;
using System.Net.Sockets;
using JobRuntime.Grains.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace JobRuntime.Cli.Hosting;

/// <summary>
/// An Orleans silo inside the CLI's process, used when no gateway is configured: jobs, task
/// queues, results and errors in one SQLite file; JavaScript in Node.js workers and .NET handlers
/// as <c>AddJobs</c> sets them up; no gateway (the silo's own port listens on loopback only). The
/// CLI reaches it through the silo's own <see cref="IClusterClient"/>, so every command runs the
/// same <c>JobClient</c> code as against a remote silo. Its task workers run while the command runs.
/// </summary>
internal sealed class EmbeddedSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private EmbeddedSilo(IHost host) => _host = host;

    public IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

    public static async Task<EmbeddedSilo> StartAsync(string database, Action<ISiloBuilder>? configure, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(database);
        if (Path.GetDirectoryName(path) is { } directory && !Directory.Exists(directory))
        {
            throw new CliException($"The folder of the database '{path}' does not exist.");
        }
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        // The silo's options as usual (e.g. JobRuntime__Node__Path, JobRuntime__Jobs__Concurrency).
        builder.Configuration.AddEnvironmentVariables();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort: FreePort(), gatewayPort: 0);
            silo.Configure<EndpointOptions>(o =>
            {
                o.AdvertisedIPAddress = IPAddress.Loopback;
                o.GatewayPort = 0;
            });
            silo.UseSqlite(o => o.DataSource = path);
            silo.AddJobRuntime();
            configure?.Invoke(silo);
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch
        {
            host.Dispose();
            throw;
        }
        return new EmbeddedSilo(host);
    }

    /// <summary>Stops the silo gracefully (its queued writes are flushed to the file).</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(CancellationToken.None);
        }
        finally
        {
            _host.Dispose();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
