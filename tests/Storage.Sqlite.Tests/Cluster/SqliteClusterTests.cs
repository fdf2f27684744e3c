namespace JobRuntime.Sqlite.Tests.Cluster;

public sealed class SqliteClusterTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_persistent_state_survives_restarting_the_silo()
    {
        await using var cluster = await SqliteCluster.StartAsync(_folder.File("silo.db"));
        await cluster.Client.GetGrain<ICounterGrain>("a").AddAsync(5);

        await cluster.RestartSiloAsync(cluster.Silos[0]).WaitAsync(SqliteCluster.Generous);
        await cluster.WaitForLivenessToStabilizeAsync().WaitAsync(SqliteCluster.Generous);

        Assert.Equal(5, await cluster.Client.GetGrain<ICounterGrain>("a").GetAsync());
    }

    [Fact]
    public async Task A_persistent_state_survives_a_new_cluster_over_the_same_file()
    {
        var path = _folder.File("silo.db");
        await using (var first = await SqliteCluster.StartAsync(path))
        {
            await first.Client.GetGrain<ICounterGrain>("a").AddAsync(3);
            await first.Client.GetGrain<ICounterGrain>("a").AddAsync(4);
            await first.StopAllSilosAsync();
        }

        await using var second = await SqliteCluster.StartAsync(path);

        Assert.Equal(7, await second.Client.GetGrain<ICounterGrain>("a").GetAsync());
    }

    [Fact]
    public async Task A_reminder_registered_before_a_full_stop_ticks_again_in_a_new_cluster_over_the_same_file()
    {
        var path = _folder.File("silo.db");
        var period = SqliteCluster.MinimumReminderPeriod * 2;
        await using (var first = await SqliteCluster.StartAsync(path))
        {
            var grain = first.Client.GetGrain<ITickGrain>("a");
            await grain.StartAsync(period);
            await SqliteCluster.WaitUntilAsync(async () => await grain.GetTicksAsync() >= 1, "the reminder ticked in the first cluster");
            await first.StopAllSilosAsync();
        }

        await using var second = await SqliteCluster.StartAsync(path);
        var again = second.Client.GetGrain<ITickGrain>("a");
        var before = await again.GetTicksAsync();

        // Nothing in the second cluster registers the reminder: only the row in the file can make it tick.
        await SqliteCluster.WaitUntilAsync(async () => await again.GetTicksAsync() > before, "the reminder ticked in the second cluster");
    }
}
