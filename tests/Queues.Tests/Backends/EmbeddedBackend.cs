using JobRuntime.Grains.Hosting;
using JobRuntime.Queues.Drivers;
using JobRuntime.Storage.Queues;
using Orleans.TestingHost;

namespace JobRuntime.Queues.Tests.Backends;

/// <summary>The embedded engine as users reach it: queue grains in a test silo over its own SQLite file, called through the cluster client.</summary>
public sealed class EmbeddedBackend : IQueueBackend
{
    private readonly string _directory = Directory.CreateTempSubdirectory("jobruntime-queues-").FullName;
    private InProcessTestCluster? _cluster;

    public IQueueDriver Driver { get; private set; } = null!;

    public string DatabasePath => Path.Combine(_directory, "silo.db");

    public string CliSpec(string queue) => $"sqlite:{DatabasePath}/{queue}";

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseSqlite(o => o.DataSource = DatabasePath);
            silo.AddJobRuntime();
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
        Driver = new GrainQueueDriver(_cluster.Client);
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
