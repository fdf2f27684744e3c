using JobRuntime.Client.Jobs;
using JobRuntime.Grains.Hosting;
using JobRuntime.Hosting;
using Orleans.TestingHost;

namespace JobRuntime.Cli.Tests;

/// <summary>
/// An Orleans test cluster (one silo in this process, with a gateway) with jobs and the .NET
/// handlers "double", "fail-on-4" and "slow", shared by a test class; each test acts as a user of
/// its own so that lists and deletions do not meet.
/// </summary>
public sealed class CliFixture : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("jobruntime-cli-").FullName;
    private InProcessTestCluster? _cluster;

    /// <summary>The silo's gateway, <c>127.0.0.1:port</c>.</summary>
    public string Gateway { get; private set; } = "";

    /// <summary>The jobs of <paramref name="user"/>, through the cluster's own client (to check what the CLI did).</summary>
    public JobClient Jobs(string user) => new(_cluster!.Client, user);

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
        var builder = new InProcessTestClusterBuilder(1);
        // jobrt's client connects with the default cluster id.
        builder.Options.ClusterId = "jobruntime";
        builder.Options.ServiceId = "jobruntime";
        builder.ConfigureSilo((_, s) =>
        {
            s.UseSqlite(o => o.DataSource = Path.Combine(_directory, "silo.db"));
            s.AddJobRuntime();
            s.AddJobs(j => j.PollInterval = TimeSpan.FromMilliseconds(100));
            AddHandlers(s);
        });
        builder.ConfigureClient(c => c.AddJobRuntimeStreams("jobs"));
        _cluster = builder.Build();
        await _cluster.DeployAsync();
        var gateway = _cluster.Silos[0].GatewayAddress ?? throw new InvalidOperationException("The test silo has no gateway.");
        Gateway = $"127.0.0.1:{gateway.Endpoint.Port}";
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
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
