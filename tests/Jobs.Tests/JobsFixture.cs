using JobRuntime.Client;
using JobRuntime.Client.Jobs;
using JobRuntime.Hosting;
using JobRuntime.Testing;

namespace JobRuntime.Jobs.Tests;

/// <summary>A test silo with jobs and a .NET handler "double", and a client connected over the gateway.</summary>
internal sealed class JobsFixture : IAsyncDisposable
{
    private JobsFixture(TestCluster cluster, ClusterClient client)
    {
        Cluster = cluster;
        Client = client;
        Jobs = new JobClient(client, "alice");
    }

    public TestCluster Cluster { get; }

    public ClusterClient Client { get; }

    public JobClient Jobs { get; }

    public static async Task<JobsFixture> StartAsync(Action<ISiloBuilder>? silo = null)
    {
        var cluster = await TestCluster.StartAsync(o => o.ConfigureSilo = s =>
        {
            s.AddJobs(j => j.PollInterval = TimeSpan.FromMilliseconds(100));
            s.AddTaskHandler<int, int>("double", (d, _) => Task.FromResult(d * 2));
            s.AddTaskHandler<int, int>("fail-on-4", (d, _) => d == 4 ? throw new InvalidOperationException($"oops, it's {d}") : Task.FromResult(d));
            s.AddTaskHandler<int, int>("slow", async (d, ct) =>
            {
                await Task.Delay(TimeSpan.FromSeconds(10), ct);
                return d;
            });
            silo?.Invoke(s);
        });
        var client = new ClusterClient(new ClientOptions { Gateway = cluster.GatewayAddress });
        await client.ConnectAsync();
        return new JobsFixture(cluster, client);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Cluster.DisposeAsync();
    }
}
