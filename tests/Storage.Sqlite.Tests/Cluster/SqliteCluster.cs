using Orleans.TestingHost;

namespace JobRuntime.Sqlite.Tests.Cluster;

/// <summary>One-silo in-process clusters whose durable data is in one SQLite file.</summary>
internal static class SqliteCluster
{
    public static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    /// <summary>The shortest reminder period the test silos accept.</summary>
    public static readonly TimeSpan MinimumReminderPeriod = TimeSpan.FromSeconds(1);

    public static async Task<InProcessTestCluster> StartAsync(string path)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseSqlite(o => o.DataSource = path);
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = MinimumReminderPeriod);
        });
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync().WaitAsync(Generous);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test after <see cref="Generous"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Generous;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out after {Generous.TotalSeconds} s waiting until {what}.");
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }
}
