using JobRuntime.Client.Jobs;
using JobRuntime.Client.Map;
using JobRuntime.GrainInterfaces;
using JobRuntime.Grains.Hosting;
using JobRuntime.Hosting;
using Orleans.TestingHost;

namespace JobRuntime.State.Tests;

/// <summary>
/// Two silos in this process sharing one SQLite file (grain state, streams, jobs), with the .NET
/// handlers "square", "fail-on-3", "scaled" (a MapCall) and "slow", and their Orleans client.
/// </summary>
public sealed class StateCluster : IAsyncLifetime
{
    private string _directory = "";

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
