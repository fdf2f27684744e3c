using System.Collections.Concurrent;
using JobRuntime.Client.Jobs;
using JobRuntime.Client.Map;
using JobRuntime.GrainInterfaces;
using JobRuntime.Grains.Hosting;
using JobRuntime.Hosting;
using Orleans.TestingHost;

namespace JobRuntime.State.Tests;

/// <summary>
/// Two silos in this process sharing one SQLite file (grain state, streams, jobs), with the .NET
/// handlers "square", "fail-on-3", "scaled" (a MapCall), "slow", "flaky", "broken" and "triple",
/// and their Orleans client.
/// </summary>
public sealed class StateCluster : IAsyncLifetime
{
    private static readonly ConcurrentDictionary<string, int> FlakyCalls = new(StringComparer.Ordinal);

    private string _directory = "";

    /// <summary>How long the silos' state grains hold a waiter that is not renewed.</summary>
    public static TimeSpan WaiterExpiry { get; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// "flaky" throws <see cref="IOException"/> on the first two calls for a key (counted across
    /// both silos, which share this process), then returns the number of calls; "key:n" fails n times.
    /// </summary>
    private static Task<int> Flaky(string key)
    {
        var calls = FlakyCalls.AddOrUpdate(key, 1, (_, n) => n + 1);
        var failures = key.Split(':') is [_, var n] ? int.Parse(n, System.Globalization.CultureInfo.InvariantCulture) : 2;
        return calls <= failures ? throw new IOException($"{key} failed on call {calls}") : Task.FromResult(calls);
    }

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public JobClient Jobs => new(Client, "alice");

    public async Task InitializeAsync()
    {
        _directory = Directory.CreateTempSubdirectory("jobruntime-state-").FullName;
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((options, s) =>
        {
            s.UseSqlite(o => o.DataSource = Path.Combine(_directory, "silo.db"));
            s.AddJobRuntime();
            // Short, so that a waiter nobody renews is seen to go; clients renew every third of it.
            s.AddState(o => o.WaiterExpiry = WaiterExpiry);
            s.AddTaskHandler<string, int>("flaky", (key, _) => Flaky(key));
            s.AddTaskHandler<string, int>("broken", (key, _) => throw new InvalidOperationException($"{key} is broken"));
            s.AddTaskHandler<int, int>("triple", (d, _) => Task.FromResult(d * 3));
            s.AddTaskHandler<int, int>("square", (d, _) => Task.FromResult(d * d));
            s.AddTaskHandler<int, int>("fail-on-3", (d, _) => d == 3 ? throw new InvalidOperationException($"oops, it's {d}") : Task.FromResult(d));
            s.AddTaskHandler<MapCall, int>("scaled", (c, _) => Task.FromResult(c.ItemAs<int>() * c.Arg<int>(0) + c.Arg<int>(1) + c.Kwarg<int>("offset")));
            s.AddTaskHandler<int, int>("slow", async (d, ct) =>
            {
                await Task.Delay(TimeSpan.FromSeconds(30), ct);
                return d;
            });
        });
        builder.ConfigureClient(c => c.AddJobRuntimeStreams(JobStreams.Provider));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class StateClusterCollection : ICollectionFixture<StateCluster>
{
    public const string Name = "state cluster";
}
