using System.Net;
using JobRuntime.Client.Hosting;
using JobRuntime.Grains.Hosting;
using JobRuntime.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace JobRuntime.StateLoad;

/// <summary>A silo on loopback over a fresh SQLite file (AddJobRuntime, handler "double"), and Orleans clients through its gateway.</summary>
internal sealed class BenchHosts : IAsyncDisposable
{
    private readonly List<IHost> _hosts = [];
    private readonly string _directory = Directory.CreateTempSubdirectory("jobruntime-stateload-").FullName;

    public List<IClusterClient> Clients { get; } = [];

    public static async Task<BenchHosts> StartAsync(int clients)
    {
        var hosts = new BenchHosts();
        var siloPort = FreePort();
        var gatewayPort = FreePort();
        var silo = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        silo.Logging.SetMinimumLevel(LogLevel.Warning);
        silo.UseOrleans(s =>
        {
            s.UseLocalhostClustering(siloPort, gatewayPort);
            s.Configure<EndpointOptions>(o => o.AdvertisedIPAddress = IPAddress.Loopback);
            s.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = ("jobruntime", "jobruntime"));
            s.UseSqlite(o => o.DataSource = Path.Combine(hosts._directory, "bench.db"));
            s.AddJobRuntime();
            s.AddTaskHandler<long, long>("double", (d, _) => Task.FromResult(d * 2));
        });
        var siloHost = silo.Build();
        await siloHost.StartAsync();
        hosts._hosts.Add(siloHost);
        for (var i = 0; i < clients; i++)
        {
            var client = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
            client.Logging.SetMinimumLevel(LogLevel.Warning);
            client.UseOrleansClient(c => c.UseJobRuntimeGateway(client.Configuration, $"127.0.0.1:{gatewayPort}"));
            var clientHost = client.Build();
            await clientHost.StartAsync();
            hosts._hosts.Add(clientHost);
            hosts.Clients.Add(clientHost.Services.GetRequiredService<IClusterClient>());
        }
        return hosts;
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _hosts.Count - 1; i >= 0; i--)
        {
            await _hosts[i].StopAsync(TimeSpan.FromSeconds(10));
            _hosts[i].Dispose();
        }
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
