using System.Net;
using System.Net.Sockets;
using JobRuntime.Client.Jobs;
using JobRuntime.Grains.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JobRuntime.Cli.Tests;

/// <summary>
/// A silo hosted in this process as an app would host it (localhost clustering, a gateway on a
/// free loopback port, its own SQLite file), with jobs and the .NET handlers "double",
/// "fail-on-4" and "slow", shared by a test class; each test acts as a user of its own so that
/// lists and deletions do not meet.
/// </summary>
public sealed class CliFixture : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("jobruntime-cli-").FullName;
    private IHost? _silo;

    /// <summary>The silo's gateway, <c>127.0.0.1:port</c>.</summary>
    public string Gateway { get; private set; } = "";

    /// <summary>The jobs of <paramref name="user"/>, through the cluster's own client (to check what the CLI did).</summary>
    public JobClient Jobs(string user) => new(_silo!.Services.GetRequiredService<IClusterClient>(), user);

    public static string NewUser() => "user-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Arguments that reach the test silo as <paramref name="user"/>, followed by <paramref name="args"/>.</summary>
    public string[] Args(string user, params string[] args) => ["--gateway", Gateway, "--user", user, .. args];

    public static void AddHandlers(ISiloBuilder silo)
    {
        silo.AddTaskHandler<int, int>("double", (d, _) => Task.FromResult(d * 2));
        silo.AddTaskHandler<int, int>("fail-on-4", (d, _) => d == 4 ? throw new InvalidOperationException($"oops, it's {d}") : Task.FromResult(d));
        silo.AddTaskHandler<int, int>("slow", async (d, ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), ct);
            return d;
        });
    }

    public async Task InitializeAsync()
    {
        var gatewayPort = FreePort();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Logging.ClearProviders();
        builder.UseOrleans(s =>
        {
            // jobrt's client connects with the default cluster id, "jobruntime".
            s.UseLocalhostClustering(FreePort(), gatewayPort, serviceId: "jobruntime", clusterId: "jobruntime");
            s.UseSqlite(o => o.DataSource = Path.Combine(_directory, "silo.db"));
            s.AddJobRuntime();
            s.AddJobs();
            AddHandlers(s);
        });
        _silo = builder.Build();
        await _silo.StartAsync();
        Gateway = $"127.0.0.1:{gatewayPort}";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.StopAsync();
            _silo.Dispose();
        }
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
