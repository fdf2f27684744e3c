using System.Net;
using System.Net.Sockets;
using JobRuntime.Benchmarks.Grains;
using JobRuntime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JobRuntime.Benchmarks.Hosting;

/// <summary>
/// One silo and one Orleans client, each in its own host in this process, on free loopback ports:
/// the client reaches the silo through its gateway over loopback TCP. Logs (warnings and up) go to
/// standard error, so standard output holds only the results. With durable streams the silo also
/// keeps its grain storage (so the <c>PubSubStore</c>) and reminders in a SQLite file in the temp
/// folder, deleted on dispose, and adds the SQLite stream provider <see cref="BenchStreams.Durable"/>.
/// </summary>
internal sealed class BenchCluster : IAsyncDisposable
{
    private readonly IHost _silo;
    private readonly IHost _client;
    private readonly string? _databaseFile;

    private BenchCluster(IHost silo, IHost client, string? databaseFile)
    {
        _silo = silo;
        _client = client;
        _databaseFile = databaseFile;
    }

    /// <summary>The silo's grain factory: calls made through it never leave the silo process.</summary>
    public IGrainFactory SiloGrains => _silo.Services.GetRequiredService<IGrainFactory>();

    /// <summary>The client connected to the silo's gateway.</summary>
    public IClusterClient Client => _client.Services.GetRequiredService<IClusterClient>();

    /// <param name="durableStreams">
    /// Adds SQLite storage and the SQLite stream provider to the silo, and the provider's client side
    /// to the client. Without it the <c>PubSubStore</c> is in memory, as the other suites measure it.
    /// </param>
    public static async Task<BenchCluster> StartAsync(bool durableStreams = false)
    {
        var siloPort = FreePort();
        var gatewayPort = FreePort();
        var databaseFile = durableStreams ? Path.Combine(Path.GetTempPath(), $"jobruntime-bench-{Guid.NewGuid():N}.db") : null;

        var siloBuilder = Host.CreateApplicationBuilder();
        siloBuilder.Logging.SetMinimumLevel(LogLevel.Warning).AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        siloBuilder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort, gatewayPort).AddMemoryStreams(BenchStreams.Provider);
            if (databaseFile is null)
            {
                silo.AddMemoryGrainStorage("PubSubStore");
            }
            else
            {
                silo.UseSqlite(o => o.DataSource = databaseFile).AddSqliteStreams(BenchStreams.Durable);
            }
        });
        var silo = siloBuilder.Build();
        await silo.StartAsync();

        var clientBuilder = Host.CreateApplicationBuilder();
        clientBuilder.Logging.SetMinimumLevel(LogLevel.Warning).AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        clientBuilder.UseOrleansClient(client =>
        {
            client.UseLocalhostClustering(gatewayPort).AddMemoryStreams(BenchStreams.Provider);
            if (durableStreams)
            {
                client.AddJobRuntimeStreams(BenchStreams.Durable);
            }
        });
        var client = clientBuilder.Build();
        await client.StartAsync();

        return new BenchCluster(silo, client, databaseFile);
    }

    public async ValueTask DisposeAsync()
    {
        await _client.StopAsync();
        await _silo.StopAsync();
        _client.Dispose();
        _silo.Dispose();
        if (_databaseFile is not null)
        {
            foreach (var file in new[] { _databaseFile, _databaseFile + "-wal", _databaseFile + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
