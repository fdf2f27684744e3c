using JobRuntime.Testing;
using JobRuntime.Tests.Grains;

namespace JobRuntime.Tests;

public sealed class TestClusterTests
{
    [Fact]
    public async Task A_test_cluster_serves_grains_once_started()
    {
        await using var cluster = await TestCluster.StartAsync();

        Assert.Equal(1, await cluster.GrainFactory.GetGrain<IRefTargetGrain>("started").Add(1));
    }

    [Fact]
    public async Task A_restarted_cluster_keeps_persistent_state_in_the_same_file()
    {
        await using var cluster = await TestCluster.StartAsync();
        var path = cluster.DatabasePath;
        await cluster.GrainFactory.GetGrain<ICounterGrain>("kept").Add(4);

        await cluster.RestartAsync();

        Assert.Equal(path, cluster.DatabasePath);
        Assert.Equal(4, await cluster.GrainFactory.GetGrain<ICounterGrain>("kept").Get());
    }

    [Fact]
    public async Task A_restarted_cluster_activates_grains_afresh()
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.GrainFactory.GetGrain<IRefTargetGrain>("in-memory").Add(5);

        await cluster.RestartAsync();

        Assert.Equal(1, await cluster.GrainFactory.GetGrain<IRefTargetGrain>("in-memory").Add(1));
    }

    [Fact]
    public async Task A_stopped_cluster_starts_again_with_RestartAsync()
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.GrainFactory.GetGrain<ICounterGrain>("stopped").Add(2);
        await cluster.StopAsync();

        await cluster.RestartAsync();

        Assert.Equal(3, await cluster.GrainFactory.GetGrain<ICounterGrain>("stopped").Add(1));
    }

    [Fact]
    public async Task A_stopped_cluster_has_no_grain_factory()
    {
        await using var cluster = await TestCluster.StartAsync();

        await cluster.StopAsync();

        Assert.Throws<InvalidOperationException>(() => cluster.GrainFactory);
    }

    [Fact]
    public async Task A_new_cluster_over_an_earlier_clusters_file_sees_its_data_and_leaves_the_file()
    {
        var directory = Directory.CreateTempSubdirectory("jobruntime-cluster-");
        try
        {
            var path = Path.Combine(directory.FullName, "shared.db");
            await using (var first = await TestCluster.StartAsync(o => o.DatabasePath = path))
            {
                await first.GrainFactory.GetGrain<ICounterGrain>("shared").Add(7);
            }
            Assert.True(File.Exists(path));

            await using var second = await TestCluster.StartAsync(o => o.DatabasePath = path);

            Assert.Equal(7, await second.GrainFactory.GetGrain<ICounterGrain>("shared").Get());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Disposing_a_cluster_deletes_the_file_it_chose()
    {
        var cluster = await TestCluster.StartAsync();
        await cluster.GrainFactory.GetGrain<ICounterGrain>("temporary").Add(1);
        var path = cluster.DatabasePath;

        await cluster.DisposeAsync();

        Assert.False(File.Exists(path));
    }
}
