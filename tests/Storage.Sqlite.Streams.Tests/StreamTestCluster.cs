using System.Text.Json;
using JobRuntime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace JobRuntime.Sqlite.Streams.Tests;

/// <summary>A one-silo in-process cluster whose "jobs" streams live in a temporary SQLite file, and a client subscribed to them.</summary>
public sealed class StreamTestCluster : IAsyncDisposable
{
    public const string Provider = "jobs";

    private readonly string _folder;

    private StreamTestCluster(string folder, string file, InProcessTestCluster cluster)
    {
        _folder = folder;
        File = file;
        Cluster = cluster;
    }

    /// <summary>The SQLite file of the silos.</summary>
    public string File { get; }

    public InProcessTestCluster Cluster { get; }

    public IClusterClient Client => Cluster.Client;

    /// <summary>The stream store of the (current) silo, to append as the task store does.</summary>
    public SqliteStreamStore Store => Cluster.Silos[0].ServiceProvider.GetRequiredService<SqliteStreamStore>();

    /// <param name="streamInactivity">How long a pulling agent keeps a quiet stream's subscribers; Orleans' default when null.</param>
    /// <param name="configure">Sets the provider's options; the defaults when null.</param>
    public static async Task<StreamTestCluster> StartAsync(TimeSpan? streamInactivity = null, Action<SqliteStreamsOptions>? configure = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "jobruntime-stream-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "streams.db");
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            // A factory, so that a restarted silo opens the same file afresh and disposes it when it stops.
            silo.Services.AddSingleton(_ => new SqliteDatabase(new SqliteOptions { DataSource = file }));
            silo.AddMemoryGrainStorage("PubSubStore");
            silo.AddSqliteStreams(Provider, configure);
            if (streamInactivity is { } inactivity)
            {
                silo.Services.Configure<StreamPullingAgentOptions>(Provider, o => o.StreamInactivityPeriod = inactivity);
            }
        });
        builder.ConfigureClient(client => client.AddJobRuntimeStreams(Provider));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new StreamTestCluster(folder, file, cluster);
    }

    public static StreamId StreamOf(string key) => StreamId.Create("results", key);

    public static byte[] Payload(int number) => JsonSerializer.SerializeToUtf8Bytes(new TestEvent(number, $"event {number}"), JsonSerializerOptions.Web);

    /// <summary>Appends events numbered [from, from + count) in batches, as the task store does; returns their seqs.</summary>
    public Task<List<long>> AppendAsync(StreamId stream, int from, int count, int batch = 100) =>
        AppendAsync(Store, stream, from, count, batch);

    /// <summary>Appends through a database of its own, as another process would (e.g. while no silo runs).</summary>
    public async Task<List<long>> AppendOutsideAsync(StreamId stream, int from, int count)
    {
        await using var database = new SqliteDatabase(new SqliteOptions { DataSource = File });
        return await AppendAsync(new SqliteStreamStore(database), stream, from, count, 100);
    }

    private static async Task<List<long>> AppendAsync(SqliteStreamStore store, StreamId stream, int from, int count, int batch)
    {
        var sequences = new List<long>(count);
        for (var start = from; start < from + count; start += batch)
        {
            var payloads = Enumerable.Range(start, Math.Min(batch, from + count - start)).Select(Payload).ToList();
            sequences.AddRange(await store.AppendAsync(Provider, stream, payloads));
        }
        return sequences;
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A handle still open after a failed test; the OS cleans the temp folder.
        }
    }
}
