using JobRuntime.Client.Jobs;
using JobRuntime.Hosting;
using JobRuntime.GrainInterfaces;
using JobRuntime.Grains.Hosting;
using Orleans.TestingHost;

namespace JobRuntime.Jobs.Tests;

/// <summary>
/// An Orleans test cluster (one silo in this process, or several sharing one file) over its own
/// SQLite file, with jobs and the .NET handlers "double", "fail-on-4" and "slow", and its Orleans
/// client acting for alice.
/// </summary>
internal sealed class JobsFixture : IAsyncDisposable
{
    private readonly string _directory;

    private JobsFixture(InProcessTestCluster cluster, string directory)
    {
        Cluster = cluster;
        _directory = directory;
        Jobs = new JobClient(cluster.Client, "alice");
    }

    public InProcessTestCluster Cluster { get; }

    public IClusterClient Client => Cluster.Client;

    public JobClient Jobs { get; }

    public static Task<JobsFixture> StartAsync(Action<ISiloBuilder>? silo = null) =>
        StartAsync(1, silo is null ? null : (_, s) => silo(s));

    /// <summary>
    /// Starts <paramref name="silos"/> silos that all open the same SQLite file (WAL and the busy
    /// timeout let them share it); <paramref name="silo"/> configures each, given its silo name.
    /// </summary>
    public static async Task<JobsFixture> StartAsync(short silos, Action<string, ISiloBuilder>? silo)
    {
        var directory = Directory.CreateTempSubdirectory("jobruntime-jobs-").FullName;
        var builder = new InProcessTestClusterBuilder(silos);
        builder.ConfigureSilo((options, s) =>
        {
            s.UseSqlite(o => o.DataSource = Path.Combine(directory, "silo.db"));
            s.AddJobRuntime();
            s.AddJobs();
            s.AddTaskHandler<int, int>("double", (d, _) => Task.FromResult(d * 2));
            s.AddTaskHandler<int, int>("fail-on-4", (d, _) => d == 4 ? throw new InvalidOperationException($"oops, it's {d}") : Task.FromResult(d));
            s.AddTaskHandler<int, int>("slow", async (d, ct) =>
            {
                await Task.Delay(TimeSpan.FromSeconds(10), ct);
                return d;
            });
            silo?.Invoke(options.SiloName, s);
        });
        builder.ConfigureClient(c => c.AddJobRuntimeStreams(JobStreams.Provider));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new JobsFixture(cluster, directory);
    }

    public async ValueTask DisposeAsync()
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
