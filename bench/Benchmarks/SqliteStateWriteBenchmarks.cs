using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using JobRuntime.Benchmarks.Grains;
using JobRuntime.Testing;
using Microsoft.Data.Sqlite;

namespace JobRuntime.Benchmarks;

/// <summary>
/// 3. Grain-state writes to SQLite: <see cref="Grains"/> grains, each called by its own task,
/// each call storing its state in the "Default" storage (the silo's SQLite file, WAL,
/// synchronous=NORMAL, group commit). Baselines: the same rows updated with raw
/// Microsoft.Data.Sqlite on one connection set up like the runtime's writer (WAL,
/// synchronous=NORMAL, wal_autocheckpoint=8192), one statement per row in autocommit, and all rows
/// in one transaction. Reported times are per row written.
/// </summary>
public class SqliteStateWriteBenchmarks
{
    public const int Grains = 1_000;

    private const string CreateTable = """
        CREATE TABLE IF NOT EXISTS grain_state (
            store      TEXT    NOT NULL,
            grain_type TEXT    NOT NULL,
            grain_key  TEXT    NOT NULL,
            state_name TEXT    NOT NULL,
            etag       INTEGER NOT NULL,
            payload    BLOB    NOT NULL,
            modified   TEXT    NOT NULL,
            PRIMARY KEY (store, grain_type, grain_key, state_name))
        """;

    private const string Upsert = """
        INSERT INTO grain_state (store, grain_type, grain_key, state_name, etag, payload, modified)
        VALUES ('Default', 'statewriter', @key, 'state', @etag, @payload, @modified)
        ON CONFLICT (store, grain_type, grain_key, state_name)
        DO UPDATE SET etag = excluded.etag, payload = excluded.payload, modified = excluded.modified
        """;

    private readonly Task[] _calls = new Task[Grains];
    private TestCluster _cluster = null!;
    private IStateWriterGrain[] _grains = null!;
    private string _rawDirectory = null!;
    private SqliteConnection _raw = null!;
    private SqliteCommand _upsert = null!;
    private SqliteParameter _key = null!;
    private SqliteParameter _etag = null!;
    private SqliteParameter _payload = null!;
    private SqliteParameter _modified = null!;
    private int _round;
    private long _nextEtag;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _cluster = await TestCluster.StartAsync();
        _grains = [.. Enumerable.Range(0, Grains).Select(i => _cluster.GrainFactory.GetGrain<IStateWriterGrain>(i))];
        // Activate every grain and create its row, so that measured writes are updates of warm grains.
        await Task.WhenAll(_grains.Select(g => g.Write(0)));

        _rawDirectory = Path.Combine(Path.GetTempPath(), "jobruntime-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_rawDirectory);
        _raw = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(_rawDirectory, "raw.db"),
            Pooling = false,
        }.ToString());
        _raw.Open();
        Execute("PRAGMA journal_mode = WAL");
        Execute("PRAGMA synchronous = NORMAL");
        // The checkpoint interval of the runtime's writer connection (src/Runtime.Sqlite).
        Execute("PRAGMA wal_autocheckpoint = 8192");
        Execute(CreateTable);
        _upsert = _raw.CreateCommand();
        _upsert.CommandText = Upsert;
        _key = _upsert.Parameters.Add("@key", SqliteType.Text);
        _etag = _upsert.Parameters.Add("@etag", SqliteType.Integer);
        _payload = _upsert.Parameters.Add("@payload", SqliteType.Blob);
        _modified = _upsert.Parameters.Add("@modified", SqliteType.Text);
        _upsert.Prepare();
        WriteRawRows(inTransaction: true);
    }

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    private async Task CleanupAsync()
    {
        _upsert.Dispose();
        _raw.Dispose();
        Directory.Delete(_rawDirectory, recursive: true);
        await _cluster.DisposeAsync();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Grains, Description = "raw SQLite, one row per autocommit")]
    public void RawAutocommit() => WriteRawRows(inTransaction: false);

    [Benchmark(OperationsPerInvoke = Grains, Description = "raw SQLite, all rows in one transaction")]
    public void RawOneTransaction() => WriteRawRows(inTransaction: true);

    [Benchmark(OperationsPerInvoke = Grains, Description = "1,000 grains, WriteStateAsync concurrently")]
    public Task GrainWrites()
    {
        var value = ++_round;
        for (var i = 0; i < Grains; i++)
        {
            var grain = _grains[i];
            _calls[i] = Task.Run(() => grain.Write(value));
        }
        return Task.WhenAll(_calls);
    }

    private void WriteRawRows(bool inTransaction)
    {
        var value = ++_round;
        using var transaction = inTransaction ? _raw.BeginTransaction() : null;
        _upsert.Transaction = transaction;
        for (var i = 0; i < Grains; i++)
        {
            // The same work per row as the grain storage: serialize the state, stamp the time.
            _key.Value = i.ToString(CultureInfo.InvariantCulture);
            _etag.Value = ++_nextEtag;
            _payload.Value = JsonSerializer.SerializeToUtf8Bytes(new WriterState { Value = value });
            _modified.Value = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
            _upsert.ExecuteNonQuery();
        }
        transaction?.Commit();
    }

    private void Execute(string sql)
    {
        using var command = _raw.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
