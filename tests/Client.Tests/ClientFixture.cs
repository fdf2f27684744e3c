using JobRuntime.Testing;

namespace JobRuntime.Client.Tests;

/// <summary>A test silo with a connected client; both stop with the test.</summary>
internal sealed class ClientFixture : IAsyncDisposable
{
    private ClientFixture(TestCluster cluster, ClusterClient client)
    {
        Cluster = cluster;
        Client = client;
    }

    public TestCluster Cluster { get; }

    public ClusterClient Client { get; }

    public static async Task<ClientFixture> StartAsync(Action<TestClusterOptions>? silo = null, Action<ClientOptions>? client = null)
    {
        var cluster = await TestCluster.StartAsync(silo);
        var options = new ClientOptions { Gateway = cluster.GatewayAddress, ResponseTimeout = TimeSpan.FromSeconds(20) };
        client?.Invoke(options);
        var connected = new ClusterClient(options);
        await connected.ConnectAsync();
        return new ClientFixture(cluster, connected);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Cluster.DisposeAsync();
    }
}
