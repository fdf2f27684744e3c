using JobRuntime.Streams;
using JobRuntime.Testing;
using JobRuntime.Tests.Grains;
using JobRuntime.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace JobRuntime.Tests;

/// <summary>
/// A SQLite file that is corrupt or locked: calls that need it fail with a typed error naming the
/// grain and the cause, grains that do not need it keep working, and repairing the file is enough.
/// </summary>
public sealed class StorageBadInputTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "jobruntime-tests", Guid.NewGuid().ToString("N"));

    public StorageBadInputTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private string CorruptFile()
    {
        var path = Path.Combine(_folder, "corrupt.db");
        var garbage = new byte[16384];
        new Random(2).NextBytes(garbage);
        File.WriteAllBytes(path, garbage);
        return path;
    }

    private static IStateProbeGrain SqliteProbe(TestCluster cluster, string key) =>
        cluster.GrainFactory.GetGrain<IStateProbeGrain>(key, nameof(SqliteStateProbeGrain));

    [Fact]
    public async Task A_corrupt_file_fails_activation_with_an_error_naming_the_grain_and_the_file()
    {
        var path = CorruptFile();
        await using var cluster = await TestCluster.StartAsync(o => o.DatabasePath = path);
        var grain = SqliteProbe(cluster, "a");

        var error = await Assert.ThrowsAsync<GrainActivationException>(() => grain.Read());

        Assert.Equal(grain.GetGrainId(), error.GrainId);
        Assert.Contains(grain.GetGrainId().ToString(), error.Message);
        Assert.Contains(path, error.Message);
        Assert.Contains("not a database or is corrupt", error.Message);
        Assert.IsType<GrainStorageException>(error.InnerException);
    }

    [Fact]
    public async Task A_corrupt_file_leaves_grains_with_memory_state_working()
    {
        await using var cluster = await TestCluster.StartAsync(o => o.DatabasePath = CorruptFile());
        await Assert.ThrowsAsync<GrainActivationException>(() => SqliteProbe(cluster, "a").Read());

        var counter = cluster.GrainFactory.GetGrain<IMemoryOnlyStateGrain>("a");

        Assert.Equal(1, await counter.Increment());
        Assert.Equal(2, await counter.Increment());
    }

    [Fact]
    public async Task Once_the_corrupt_file_is_removed_the_grain_activates_without_a_restart()
    {
        var path = CorruptFile();
        await using var cluster = await TestCluster.StartAsync(o => o.DatabasePath = path);
        await Assert.ThrowsAsync<GrainActivationException>(() => SqliteProbe(cluster, "a").Read());

        File.Delete(path);

        Assert.Equal("repaired", (await SqliteProbe(cluster, "a").Write("repaired")).Value);
    }

    [Fact]
    public async Task A_write_while_another_connection_holds_the_write_lock_fails_naming_the_grain_and_the_lock()
    {
        await using var cluster = await StartWithShortBusyTimeoutAsync();
        var grain = SqliteProbe(cluster, "a");
        await grain.Write("before");
        using var other = OpenOtherConnection(cluster.DatabasePath);
        Execute(other, "BEGIN EXCLUSIVE");

        var error = await Assert.ThrowsAsync<GrainStorageException>(() => grain.Write("during"));

        Assert.Contains(grain.GetGrainId().ToString(), error.Message);
        Assert.Contains(cluster.DatabasePath, error.Message);
        Assert.Contains("locked", error.Message);
    }

    [Fact]
    public async Task While_the_file_is_locked_grains_with_memory_state_keep_working()
    {
        await using var cluster = await StartWithShortBusyTimeoutAsync();
        await SqliteProbe(cluster, "a").Write("before");
        using var other = OpenOtherConnection(cluster.DatabasePath);
        Execute(other, "BEGIN EXCLUSIVE");
        await Assert.ThrowsAsync<GrainStorageException>(() => SqliteProbe(cluster, "a").Write("during"));

        Assert.Equal(1, await cluster.GrainFactory.GetGrain<IMemoryOnlyStateGrain>("a").Increment());
    }

    [Fact]
    public async Task Once_the_write_lock_is_released_the_grain_writes_again()
    {
        await using var cluster = await StartWithShortBusyTimeoutAsync();
        var grain = SqliteProbe(cluster, "a");
        await grain.Write("before");
        using var other = OpenOtherConnection(cluster.DatabasePath);
        Execute(other, "BEGIN EXCLUSIVE");
        await Assert.ThrowsAsync<GrainStorageException>(() => grain.Write("during"));

        Execute(other, "ROLLBACK");
        await grain.Write("after");
        await grain.Deactivate();

        Assert.Equal("after", (await grain.Read()).Value);
    }

    [Fact]
    public async Task A_file_locked_exclusively_since_before_the_silo_started_fails_activation_naming_the_lock_until_released()
    {
        var path = Path.Combine(_folder, "locked.db");
        using var other = OpenOtherConnection(path);
        // Exclusive locking mode on a new WAL file: no other connection may even read it.
        Execute(other, "PRAGMA journal_mode=WAL");
        Execute(other, "PRAGMA locking_mode=EXCLUSIVE");
        Execute(other, "CREATE TABLE holder(x)");
        await using var cluster = await TestCluster.StartAsync(o =>
        {
            o.DatabasePath = path;
            o.Configuration["JobRuntime:Sqlite:BusyTimeout"] = "00:00:00.1";
        });
        var grain = SqliteProbe(cluster, "a");

        var error = await Assert.ThrowsAsync<GrainActivationException>(() => grain.Read());
        other.Close();

        Assert.Contains(grain.GetGrainId().ToString(), error.Message);
        Assert.Contains(path, error.Message);
        Assert.Contains("locked", error.Message);
        Assert.Equal("unlocked", (await grain.Write("unlocked")).Value);
    }

    [Fact]
    public async Task A_durable_stream_first_used_while_the_file_was_locked_works_once_the_lock_is_released()
    {
        var journal = new StreamJournal();
        await using var cluster = await TestCluster.StartAsync(o =>
        {
            o.Configuration["JobRuntime:Sqlite:BusyTimeout"] = "00:00:00.1";
            o.ConfigureServices = services => services.AddSingleton(journal);
        });
        // Its first use stores the implicit subscription of ImplicitAttachGrain: a write.
        var stream = cluster.GetStreamProvider("durable").GetStream<int>(StreamId.Create(ImplicitAttachGrain.Namespace, "k"));
        using var other = OpenOtherConnection(cluster.DatabasePath);
        Execute(other, "BEGIN EXCLUSIVE");
        var error = await Assert.ThrowsAsync<GrainStorageException>(() => stream.OnNextAsync(1));
        Assert.Contains("locked", error.Message);

        Execute(other, "ROLLBACK");
        await stream.OnNextAsync(2);

        await Poll.UntilAsync(() => journal.Items("attach/k").Count == 1, "the item published after the lock was released");
        Assert.Equal([2], journal.Items("attach/k"));
    }

    private static Task<TestCluster> StartWithShortBusyTimeoutAsync() =>
        TestCluster.StartAsync(o => o.Configuration["JobRuntime:Sqlite:BusyTimeout"] = "00:00:00.1");

    private static SqliteConnection OpenOtherConnection(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 1 }.ToString());
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
