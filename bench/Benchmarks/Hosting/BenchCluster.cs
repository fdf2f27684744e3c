using System.Net;
using System.Net.Sockets;
using JobRuntime.Benchmarks.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JobRuntime.Benchmarks.Hosting;

/// <summary>
/// One silo and one Orleans client, each in its own host in this process, on free loopback ports:
/// the client reaches the silo through its gateway over loopback TCP. Logs (warnings and up) go to
/// standard error, so standard output holds only the results.
/// </summary>
internal sealed class BenchCluster : IAsyncDisposable
{
    private readonly IHost _silo;
    private readonly IHost _client;

    private BenchCluster(IHost silo, IHost client)
    {
        _silo = silo;
        _client = client;
    }

    /// <summary>The silo's grain factory: calls made through it never leave the silo process.</summary>
    public IGrainFactory SiloGrains => _silo.Services.GetRequiredService<IGrainFactory>();

    /// <summary>The client connected to the silo's gateway.</summary>
    public IClusterClient Client => _client.Services.GetRequiredService<IClusterClient>();

    public static async Task<BenchCluster> StartAsync()
    {
        var siloPort = FreePort();
        var gatewayPort = FreePort();

        var siloBuilder = Host.CreateApplicationBuilder();
        siloBuilder.Logging.SetMinimumLevel(LogLevel.Warning).AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        siloBuilder.UseOrleans(silo => silo
            .UseLocalhostClustering(siloPort, gatewayPort)
            .AddMemoryGrainStorage("PubSubStore")
            .AddMemoryStreams(BenchStreams.Provider));
        var silo = siloBuilder.Build();
        await silo.StartAsync();

        var clientBuilder = Host.CreateApplicationBuilder();
        clientBuilder.Logging.SetMinimumLevel(LogLevel.Warning).AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        clientBuilder.UseOrleansClient(client => client
            .UseLocalhostClustering(gatewayPort)
            .AddMemoryStreams(BenchStreams.Provider));
        var client = clientBuilder.Build();
        await client.StartAsync();

        return new BenchCluster(silo, client);
    }

    public async ValueTask DisposeAsync()
    {
        await _client.StopAsync();
        await _silo.StopAsync();
        _client.Dispose();
        _silo.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
