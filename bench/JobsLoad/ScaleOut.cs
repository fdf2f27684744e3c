using System.Diagnostics;
using System.Globalization;
using JobRuntime.Client.Jobs;
using JobRuntime.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Configuration;

/// <summary>
/// Issue 8's scale-out figure: one job of N tasks through the .NET client on the PostgreSQL
/// profile, first one silo pinned to core 0, then two silos pinned to cores 0 and 1, each on a
/// fresh database. The client and PostgreSQL are not pinned: they share the machine's cores with
/// the silos in both runs.
/// </summary>
internal static class ScaleOut
{
    /// <summary>Issue 8: two silos on two cores should make at least 1.6 times one silo on one core.</summary>
    public const double Target = 1.6;

    public static async Task<(Row One, Row Two)> RunAsync(string siloDll, string server, int tasks, int warmup, TimeSpan timeout, List<string> notes)
    {
        var one = await RunAsync(siloDll, "PostgreSQL", server, ["0"], tasks, warmup, timeout, notes);
        var two = await RunAsync(siloDll, "PostgreSQL", server, ["0", "1"], tasks, warmup, timeout, notes);
        return (one, two);
    }

    /// <summary>One silo on the AzureStorage profile against Azurite, not pinned: a correctness figure (the emulator is one node process).</summary>
    public static Task<Row> AzuriteAsync(string siloDll, string connectionString, int tasks, int warmup, TimeSpan timeout, List<string> notes) =>
        RunAsync(siloDll, "AzureStorage", connectionString, [null], tasks, warmup, timeout, notes);

    private static async Task<Row> RunAsync(string siloDll, string provider, string server, string?[] cores, int tasks, int warmup, TimeSpan timeout, List<string> notes)
    {
        var name = $"{cores.Length} silo{(cores.Length > 1 ? "s" : "")}";
        var id = $"scale{Guid.NewGuid():N}"[..20];
        var database = provider == "PostgreSQL" ? await CreateDatabaseAsync(server, id) : server;
        string[] profile = ["--JobRuntime:Cluster:Provider", provider, "--JobRuntime:Cluster:ConnectionString", database, "--Orleans:ClusterId", id, "--Orleans:ServiceId", id];
        var where = cores[0] is null ? "any core" : $"cores {string.Join(',', cores)}";
        Console.Error.WriteLine($"[{provider}] starting {name} on {where}");
        var silos = new List<SiloHost>();
        try
        {
            foreach (var core in cores)
            {
                silos.Add(await SiloHost.StartAsync(siloDll, core, profile));
            }
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["JobRuntime:Cluster:Provider"] = provider,
                ["JobRuntime:Cluster:ConnectionString"] = database,
                ["Orleans:ClusterId"] = id,
                ["Orleans:ServiceId"] = id,
            });
            builder.UseOrleansClient(c => c
                .UseJobRuntimeCluster(builder.Configuration)
                .Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(2)));
            using var host = builder.Build();
            await host.StartAsync();
            var jobs = host.Services.GetRequiredService<JobClient>();
            await CountAsync(await jobs.CreateJobAsync(Measure.ProgramText), warmup, TimeSpan.FromMinutes(5));
            var before = silos.Sum(s => SiloHost.CpuSeconds(s.Pid) + s.ChildCpuSeconds());
            var clock = Stopwatch.StartNew();
            var (count, sum) = await CountAsync(await jobs.CreateJobAsync(Measure.ProgramText), tasks, timeout);
            var elapsed = clock.Elapsed;
            var cpu = silos.Sum(s => SiloHost.CpuSeconds(s.Pid) + s.ChildCpuSeconds()) - before;
            if (count != tasks || sum != (long)tasks * (tasks - 1))
            {
                throw new InvalidOperationException($"The {name} run got {count} results (sum {sum}) for {tasks} tasks.");
            }
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{provider}, {name} on {where}: {tasks:N0} results checked (count and sum) in {elapsed.TotalSeconds:F1} s; silos and their node workers used {cpu:F1} CPU-s"));
            await host.StopAsync();
            var pinned = cores[0] is null ? "not pinned" : "each pinned to its own core (taskset)";
            return new Row($"{provider} profile, {name}, {pinned}, .NET client", count / elapsed.TotalSeconds, elapsed.TotalSeconds);
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }

    private static async Task<(long Count, long Sum)> CountAsync(Job job, int tasks, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        long count = 0, sum = 0;
        await foreach (var result in job.RunAsync(Enumerable.Range(0, tasks)).WithCancellation(cancel.Token))
        {
            sum += result.GetInt64();
            count++;
        }
        return (count, sum);
    }

    private static async Task<string> CreateDatabaseAsync(string server, string name)
    {
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }
}
