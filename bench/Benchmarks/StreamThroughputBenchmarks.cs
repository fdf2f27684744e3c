using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using JobRuntime.Streams;
using JobRuntime.Testing;
using Microsoft.Data.Sqlite;

namespace JobRuntime.Benchmarks;

/// <summary>
/// 4. Stream events from one producer to one subscriber: publish <see cref="Events"/> ints and
/// stop the clock when an <see cref="IAsyncObserver{T}"/> subscribed outside grain code has
/// received them all. Providers "memory" (no durability) and "durable" (SQLite: every event is
/// stored before OnNextAsync returns). Baseline: a bounded channel of the memory provider's
/// cache size, one writer to one reader. Also the raw SQLite floor under the durable provider's
/// one-event-at-a-time case. Reported times are per event.
/// </summary>
public class StreamThroughputBenchmarks
{
    public const int Events = 100_000;
    public const int BatchSize = 100;
    public const int RawEvents = 20_000;

    private readonly int[][] _batches = [.. Enumerable.Range(0, Events / BatchSize).Select(b => Enumerable.Range(b * BatchSize, BatchSize).ToArray())];
    private readonly CountingObserver _received = new();
    private TestCluster? _cluster;
    private IAsyncStream<int> _memory = null!;
    private IAsyncStream<int> _durable = null!;
    private Channel<int> _channel = null!;
    private string? _rawDirectory;
    private SqliteConnection? _raw;

    [GlobalSetup(Targets = [nameof(Channel)])]
    public void SetupChannel()
    {
        _channel = System.Threading.Channels.Channel.CreateBounded<int>(new BoundedChannelOptions(new StreamProviderOptions().CacheSize)
        {
            SingleReader = true,
            SingleWriter = true,
        });
        _ = Task.Run(async () =>
        {
            var reader = _channel.Reader;
            while (await reader.WaitToReadAsync())
            {
                while (reader.TryRead(out var item))
                {
                    await _received.OnNextAsync(item);
                }
            }
        });
    }

    [GlobalSetup(Targets = [nameof(MemoryOnNext), nameof(MemoryBatch)])]
    public void SetupMemory() => SetupMemoryAsync().GetAwaiter().GetResult();

    private async Task SetupMemoryAsync()
    {
        _cluster = await TestCluster.StartAsync();
        _memory = _cluster.GetStreamProvider("memory").GetStream<int>(new StreamId("bench", "memory"));
        await _memory.SubscribeAsync(_received);
    }

    [GlobalSetup(Targets = [nameof(DurableOnNext), nameof(DurableBatch)])]
    public void SetupDurable() => SetupDurableAsync().GetAwaiter().GetResult();

    private async Task SetupDurableAsync()
    {
        _cluster = await TestCluster.StartAsync();
        _durable = _cluster.GetStreamProvider("durable").GetStream<int>(new StreamId("bench", "durable"));
        await _durable.SubscribeAsync(_received);
    }

    [GlobalSetup(Targets = [nameof(RawSqliteInsert)])]
    public void SetupRaw()
    {
        _rawDirectory = Path.Combine(Path.GetTempPath(), "jobruntime-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_rawDirectory);
        _raw = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(_rawDirectory, "raw.db"), Pooling = false }.ToString());
        _raw.Open();
        using var command = _raw.CreateCommand();
        // The durable provider's table and index (schema version 2 of src/Runtime.Sqlite), on a
        // connection set up like its writer.
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            PRAGMA wal_autocheckpoint = 8192;
            CREATE TABLE stream_sequence (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL);
            INSERT INTO stream_sequence (id, value) VALUES (1, 0);
            CREATE TABLE stream_events (
                seq       INTEGER PRIMARY KEY,
                provider  TEXT    NOT NULL,
                namespace TEXT    NOT NULL,
                key       TEXT    NOT NULL,
                payload   BLOB    NOT NULL,
                appended  INTEGER NOT NULL);
            CREATE INDEX stream_events_by_stream ON stream_events (provider, namespace, key, seq);
            """;
        command.ExecuteNonQuery();
    }

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    private async Task CleanupAsync()
    {
        _channel?.Writer.TryComplete();
        _raw?.Dispose();
        if (_rawDirectory is not null)
        {
            Directory.Delete(_rawDirectory, recursive: true);
        }
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events, Description = "Channel<int>, WriteAsync per item")]
    public async Task Channel()
    {
        var done = _received.Expect(Events);
        var writer = _channel.Writer;
        for (var i = 0; i < Events; i++)
        {
            await writer.WriteAsync(i);
        }
        await done;
    }

    [Benchmark(OperationsPerInvoke = Events, Description = "memory stream, OnNextAsync per event")]
    public Task MemoryOnNext() => PublishOneByOneAsync(_memory);

    [Benchmark(OperationsPerInvoke = Events, Description = "memory stream, OnNextBatchAsync of 100")]
    public Task MemoryBatch() => PublishInBatchesAsync(_memory);

    [Benchmark(OperationsPerInvoke = Events, Description = "durable SQLite stream, OnNextAsync per event")]
    public Task DurableOnNext() => PublishOneByOneAsync(_durable);

    [Benchmark(OperationsPerInvoke = Events, Description = "durable SQLite stream, OnNextBatchAsync of 100")]
    public Task DurableBatch() => PublishInBatchesAsync(_durable);

    /// <summary>
    /// Not a baseline: the floor under the durable provider's one-event-at-a-time figure. The
    /// provider's INSERT into the provider's table, one autocommit per event, nobody reading.
    /// </summary>
    [Benchmark(OperationsPerInvoke = RawEvents, Description = "raw SQLite INSERT per event, autocommit (no delivery)")]
    public void RawSqliteInsert()
    {
        using var insert = _raw!.CreateCommand();
        // The provider's own append statement.
        insert.CommandText = """
            INSERT INTO stream_events (seq, provider, namespace, key, payload, appended)
            SELECT MAX(COALESCE((SELECT MAX(seq) FROM stream_events), 0), mark.value) + 1,
                   'durable', 'bench', 'durable', @payload, @appended
            FROM stream_sequence AS mark
            WHERE mark.id = 1
            """;
        var payload = insert.Parameters.Add("@payload", SqliteType.Blob);
        var appended = insert.Parameters.Add("@appended", SqliteType.Integer);
        insert.Prepare();
        for (var i = 0; i < RawEvents; i++)
        {
            payload.Value = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(i);
            appended.Value = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            insert.ExecuteNonQuery();
        }
    }

    private async Task PublishOneByOneAsync(IAsyncStream<int> stream)
    {
        var done = _received.Expect(Events);
        for (var i = 0; i < Events; i++)
        {
            await stream.OnNextAsync(i);
        }
        await done;
    }

    private async Task PublishInBatchesAsync(IAsyncStream<int> stream)
    {
        var done = _received.Expect(Events);
        foreach (var batch in _batches)
        {
            await stream.OnNextBatchAsync(batch);
        }
        await done;
    }

    /// <summary>Counts items; <see cref="Expect"/> returns a task that completes when that many more have arrived.</summary>
    private sealed class CountingObserver : IAsyncObserver<int>
    {
        private long _received;
        private long _target = long.MaxValue;
        private TaskCompletionSource _done = new();

        public Task Expect(long count)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _done = done;
            Volatile.Write(ref _target, Volatile.Read(ref _received) + count);
            return done.Task;
        }

        public Task OnNextAsync(int item, StreamSequenceToken? token = null)
        {
            if (Interlocked.Increment(ref _received) == Volatile.Read(ref _target))
            {
                _done.TrySetResult();
            }
            return Task.CompletedTask;
        }

        public Task OnCompletedAsync() => Task.CompletedTask;

        public Task OnErrorAsync(Exception ex)
        {
            _done.TrySetException(ex);
            return Task.CompletedTask;
        }
    }
}
