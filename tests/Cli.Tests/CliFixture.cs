using JobRuntime.Client;
using JobRuntime.Client.Jobs;
using JobRuntime.Hosting;
using JobRuntime.Testing;

namespace JobRuntime.Cli.Tests;

/// <summary>
/// A test silo with jobs and the .NET handlers "double", "fail-on-4" and "slow", shared by a test
/// class; each test acts as a user of its own so that lists and deletions do not meet.
/// </summary>
public sealed class CliFixture : IAsyncLifetime
{
    private TestCluster? _cluster;
    private ClusterClient? _client;

    public string Gateway => _cluster!.GatewayAddress;

    /// <summary>The jobs of <paramref name="user"/>, through a client of the test's own (to check what the CLI did).</summary>
    public JobClient Jobs(string user) => new(_client!, user);

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
        _cluster = await TestCluster.StartAsync(o => o.ConfigureSilo = s =>
        {
            s.AddJobs(j => j.PollInterval = TimeSpan.FromMilliseconds(100));
            AddHandlers(s);
        });
        _client = new ClusterClient(new ClientOptions { Gateway = _cluster.GatewayAddress });
        await _client.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
