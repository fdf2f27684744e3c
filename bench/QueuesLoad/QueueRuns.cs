using JobRuntime.Grains.Hosting;
using JobRuntime.Queues;
using JobRuntime.Queues.Drivers;
using JobRuntime.Queues.PostgreSql;
using JobRuntime.Queues.Workers;
using JobRuntime.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JobRuntime.QueuesLoad;

/// <summary>Our queues: push in batches, then LaunchWorkersAsync with 2 workers and a no-op delegate.</summary>
internal static class QueueRun
{
    /// <summary>Renew leases while tasks run (the default; off with --no-heartbeat).</summary>
    public static bool Heartbeat { get; set; } = true;

    public static Task<Timings> RunAsync(IQueueDriver driver, int tasks, int batch)
    {
        var queue = new WorkQueue(driver, "bench");
        return Timings.MeasureAsync(tasks,
            async () =>
            {
                await queue.CreateAsync();
                for (var start = 0; start < tasks; start += batch)
                {
                    var count = Math.Min(batch, tasks - start);
                    await queue.PushManyAsync(Enumerable.Range(start, count).Select(i => QueueMessage.FromObject(new { n = i }, numRetries: 0, randomId: true)).ToArray());
                }
            },
            async () =>
            {
                var report = await queue.LaunchWorkersAsync((_, _) => Task.CompletedTask, new WorkerOptions { NumWorkers = 2, VisibilityTimeout = TimeSpan.FromMinutes(5), WithHeartbeat = Heartbeat });
                if (report.Progress.Succeeded != tasks)
                {
                    throw new InvalidOperationException($"{report.Progress.Succeeded} of {tasks} tasks succeeded.");
                }
            },
            () => queue.SizeAsync());
    }
}

/// <summary>The embedded engine: a silo in this process over a fresh SQLite file, queue grains called through its grain factory.</summary>
internal static class EmbeddedRun
{
    public static async Task<Timings> RunAsync(int tasks, int batch)
    {
        var directory = Directory.CreateTempSubdirectory("jobruntime-queues-bench-").FullName;
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(siloPort: FreePort(), gatewayPort: FreePort())
            .UseSqlite(o => o.DataSource = Path.Combine(directory, "bench.db"))
            .AddJobRuntime());
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            await Console.Error.WriteLineAsync("embedded:");
            return await QueueRun.RunAsync(new GrainQueueDriver(host.Services.GetRequiredService<IGrainFactory>()), tasks, batch);
        }
        finally
        {
            await host.StopAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The SQLite driver without grains (to see what the grain hop costs).</summary>
internal static class SqliteDriverRun
{
    public static async Task<Timings> RunAsync(int tasks, int batch)
    {
        var directory = Directory.CreateTempSubdirectory("jobruntime-queues-bench-").FullName;
        try
        {
            await using var database = new JobRuntime.Sqlite.SqliteDatabase(new JobRuntime.Sqlite.SqliteOptions { DataSource = Path.Combine(directory, "bench.db") });
            await Console.Error.WriteLineAsync("sqlite driver:");
            return await QueueRun.RunAsync(new JobRuntime.Sqlite.Queues.SqliteQueueDriver(database), tasks, batch);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}

/// <summary>Our PostgreSQL driver.</summary>
internal static class PostgresRun
{
    public static async Task<Timings> RunAsync(string connectionString, int tasks, int batch)
    {
        await using var driver = new PostgresQueueDriver(connectionString);
        await Console.Error.WriteLineAsync("postgres:");
        return await QueueRun.RunAsync(driver, tasks, batch);
    }
}

/// <summary>Our Azure Storage Queues driver (on Azurite: report only).</summary>
internal static class AzureRun
{
    public static async Task<Timings> RunAsync(string connectionString, int tasks, int batch)
    {
        var driver = new AzureQueueDriver(connectionString);
        await Console.Error.WriteLineAsync("azure:");
        var queue = $"bench-{Guid.NewGuid():N}"[..20];
        var result = await QueueRunNamed(driver, queue, tasks, batch);
        return result;
    }

    private static Task<Timings> QueueRunNamed(IQueueDriver driver, string name, int tasks, int batch) =>
        QueueRun.RunAsync(new RenamingDriver(driver, name), tasks, batch);

    /// <summary>Maps the bench queue "bench" (and its failed queue) to a fresh name per run.</summary>
    private sealed class RenamingDriver(IQueueDriver inner, string name) : IQueueDriver
    {
        private string Map(string queue) => queue.Replace("bench", name, StringComparison.Ordinal);

        public Task QueueCreateAsync(QueueCreateParams p, CancellationToken ct = default) => inner.QueueCreateAsync(p with { Queue = Map(p.Queue) }, ct);
        public Task<long> QueueCountAsync(QueueCountParams p, CancellationToken ct = default) => inner.QueueCountAsync(p with { Queue = Map(p.Queue) }, ct);
        public Task QueueClearAsync(QueueClearParams p, CancellationToken ct = default) => inner.QueueClearAsync(p with { Queue = Map(p.Queue) }, ct);
        public Task MessageSendManyAsync(MessageSendManyParams p, CancellationToken ct = default) => inner.MessageSendManyAsync(p with { Queue = Map(p.Queue) }, ct);
        public Task<IReadOnlyList<LeasedMessage>> MessageReceiveAsync(MessageReceiveParams p, CancellationToken ct = default) => inner.MessageReceiveAsync(p with { Queue = Map(p.Queue) }, ct);
        public Task<IReadOnlyList<string>> MessagePeekAsync(MessagePeekParams p, CancellationToken ct = default) => inner.MessagePeekAsync(p with { Queue = Map(p.Queue) }, ct);
        public Task<string?> MessageRenewAsync(MessageRenewParams p, CancellationToken ct = default) => inner.MessageRenewAsync(p with { Queue = Map(p.Queue) }, ct);
        public Task<bool> MessageDeleteAsync(MessageDeleteParams p, CancellationToken ct = default) => inner.MessageDeleteAsync(p with { Queue = Map(p.Queue) }, ct);
        public Task<bool> MessageMoveAsync(MessageMoveParams p, CancellationToken ct = default) => inner.MessageMoveAsync(p with { Queue = Map(p.Queue), TargetQueue = Map(p.TargetQueue) }, ct);
    }
}
