using JobRuntime.GrainInterfaces;
using JobRuntime.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JobRuntime.Cluster.Tests;

/// <summary>
/// Two silo processes and an Orleans client (in this process) on one cluster profile, joined
/// through the profile's membership table. Silos can be killed, stopped and started again; the
/// client finds the live gateways by itself.
/// </summary>
public sealed class TwoSiloCluster : IAsyncDisposable
{
    private readonly string _folder;
    private readonly IHost _client;
    private readonly List<ClusterSilo> _silos;
    private string[] _extra = [];
    private int _starts;

    private TwoSiloCluster(ClusterProfile profile, string folder, IHost client, List<ClusterSilo> silos)
    {
        Profile = profile;
        _folder = folder;
        _client = client;
        _silos = silos;
        _starts = silos.Count;
    }

    public ClusterProfile Profile { get; }

    public IReadOnlyList<ClusterSilo> Silos => _silos;

    public IClusterClient Client => _client.Services.GetRequiredService<IClusterClient>();

    /// <summary>Starts the two silos (with <paramref name="extra"/> settings on their command lines) and the client.</summary>
    public static async Task<TwoSiloCluster> StartAsync(ClusterProfile profile, params string[] extra)
    {
        var folder = Path.Combine(Path.GetTempPath(), "jobruntime-cluster-" + Guid.NewGuid().ToString("N")[..8]);
        // The first silo creates the tables (and applies the PostgreSQL schema); the second joins it.
        var first = await ClusterSilo.StartAsync(profile, "silo-1", Path.Combine(folder, "silo-1"), extra);
        var second = await ClusterSilo.StartAsync(profile, "silo-2", Path.Combine(folder, "silo-2"), extra);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(profile.Settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client => client.UseJobRuntimeCluster(builder.Configuration));
        var host = builder.Build();
        await host.StartAsync();
        var cluster = new TwoSiloCluster(profile, folder, host, [first, second]) { _extra = extra };
        await cluster.WaitForActiveSilosAsync(2);
        return cluster;
    }

    /// <summary>Waits until the membership table lists exactly <paramref name="count"/> active silos.</summary>
    public async Task WaitForActiveSilosAsync(int count)
    {
        await Eventually.ThatAsync(async () =>
        {
            var hosts = await Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
            return hosts.Count == count;
        }, TimeSpan.FromSeconds(180), $"{count} active silos");
    }

    /// <summary>The silo process that holds the grain's activation (activating it if needed).</summary>
    public async Task<ClusterSilo> HostOfAsync(IAddressable grain)
    {
        var address = await Client.GetGrain<IManagementGrain>(0).GetActivationAddress(grain);
        return _silos.Single(s => s.SiloPort == address?.Endpoint.Port);
    }

    /// <summary>Kills a silo with SIGKILL; it stays out until <see cref="StartAgainAsync"/>.</summary>
    public Task KillAsync(ClusterSilo silo) => silo.KillAsync();

    /// <summary>Starts a new silo process in place of <paramref name="old"/> (which must have exited).</summary>
    public async Task<ClusterSilo> StartAgainAsync(ClusterSilo old)
    {
        var index = _silos.IndexOf(old);
        var name = $"silo-{index + 1}";
        var silo = await ClusterSilo.StartAsync(Profile, name, Path.Combine(_folder, $"{name}-{Interlocked.Increment(ref _starts)}"), _extra);
        _silos[index] = silo;
        await old.DisposeAsync();
        return silo;
    }

    /// <summary>Greets through the client, retrying while the cluster recovers from a lost silo.</summary>
    public Task<Greeting> GreetAsync(string name) =>
        Eventually.ResultAsync(() => Client.GetGrain<IGreeterGrain>(name).Greet(), TimeSpan.FromSeconds(180), $"greeting {name}");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _client.StopAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
        }
        _client.Dispose();
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A log still open by an exiting process; the temporary folder is left.
        }
    }
}
