using Microsoft.Data.Sqlite;
using Orleans.Storage;
using static JobRuntime.Sqlite.Tests.Fixtures;

namespace JobRuntime.Sqlite.Tests;

public sealed class SqliteDatabaseTests : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    // Keeps the writer busy in a write of its own until the gate is set, so that later writes queue up.
    private static async Task<(ManualResetEventSlim Gate, Task Blocker)> HoldWriterAsync(SqliteDatabase db)
    {
        var gate = new ManualResetEventSlim();
        var writerBusy = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocker = Task.Run(() => db.WriteAsync(_ =>
        {
            writerBusy.SetResult();
            gate.Wait(Generous);
            return true;
        }, CancellationToken.None));
        await writerBusy.Task.WaitAsync(Generous);
        return (gate, blocker);
    }
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Creating_a_database_opens_nothing_until_the_first_operation()
    {
        var path = _folder.File("lazy/state.db");

        await using var db = Open(path);

        Assert.False(File.Exists(path));
        await db.FlushAsync();
        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task Concurrent_writes_from_many_tasks_all_land()
    {
        var path = _folder.File("state.db");
        await using (var db = Open(path))
        {
            var storage = GrainStorage(db);
            var writes = Enumerable.Range(0, 200).Select(i => Task.Run(() =>
                storage.WriteStateAsync("counter", Grain($"g{i}"), new TestGrainState<Counter> { State = new Counter { Count = i } })));
            await Task.WhenAll(writes).WaitAsync(Generous);
            Assert.Equal(200, db.Writer.OperationsCommitted);
        }

        await using var reopened = Open(path);
        for (var i = 0; i < 200; i++)
        {
            var read = new TestGrainState<Counter>();
            await GrainStorage(reopened).ReadStateAsync("counter", Grain($"g{i}"), read);
            Assert.Equal(i, read.State.Count);
        }
    }

    [Fact]
    public async Task Queued_writes_share_one_transaction_and_a_conflicting_one_fails_alone()
    {
        await using var db = Open(_folder.File("state.db"));
        var storage = GrainStorage(db);
        await db.FlushAsync();
        var (gate, blocker) = await HoldWriterAsync(db);
        using var _ = gate;

        // While the writer is busy these queue up; grains 0..9 are then inserted twice.
        var writes = Enumerable.Range(0, 50)
            .Concat(Enumerable.Range(0, 10))
            .Select(i => storage.WriteStateAsync("counter", Grain($"g{i}"), new TestGrainState<Counter> { State = new Counter { Count = i } }))
            .ToList();
        var transactionsBefore = db.Writer.TransactionsCommitted;
        gate.Set();
        await blocker.WaitAsync(Generous);
        await Task.WhenAny(Task.WhenAll(writes)).WaitAsync(Generous);

        Assert.All(writes.Take(50), write => Assert.True(write.IsCompletedSuccessfully));
        Assert.All(writes.Skip(50), write => Assert.IsType<InconsistentStateException>(write.Exception?.InnerException));
        Assert.Equal(2, db.Writer.TransactionsCommitted - transactionsBefore); // the blocker's, then all 60 queued writes
        for (var i = 0; i < 50; i++)
        {
            var read = new TestGrainState<Counter>();
            await storage.ReadStateAsync("counter", Grain($"g{i}"), read);
            Assert.True(read.RecordExists);
            Assert.Equal(i, read.State.Count);
        }
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_fails_with_SqliteStorageException_naming_the_path()
    {
        var path = _folder.File("corrupt.db");
        var garbage = new byte[8192];
        new Random(7).NextBytes(garbage);
        await File.WriteAllBytesAsync(path, garbage);
        await using var db = Open(path);

        var error = await Assert.ThrowsAsync<SqliteStorageException>(() => GrainStorage(db).ReadStateAsync("counter", Grain("a"), new TestGrainState<Counter>()));

        Assert.Contains(path, error.Message);
        Assert.Contains("not a database or is corrupt", error.Message);
    }

    [Fact]
    public async Task After_the_corrupt_file_is_removed_a_later_operation_succeeds()
    {
        var path = _folder.File("corrupt.db");
        var garbage = new byte[8192];
        new Random(7).NextBytes(garbage);
        await File.WriteAllBytesAsync(path, garbage);
        await using var db = Open(path);
        var storage = GrainStorage(db);
        await Assert.ThrowsAsync<SqliteStorageException>(() => storage.WriteStateAsync("counter", Grain("a"), new TestGrainState<Counter> { State = new Counter() }));

        File.Delete(path);
        var state = new TestGrainState<Counter> { State = new Counter { Count = 3 } };
        await storage.WriteStateAsync("counter", Grain("a"), state);

        var read = new TestGrainState<Counter>();
        await storage.ReadStateAsync("counter", Grain("a"), read);
        Assert.Equal(3, read.State.Count);
    }

    [Fact]
    public async Task A_file_locked_by_another_connection_fails_with_SqliteStorageException_after_the_busy_timeout()
    {
        var path = _folder.File("locked.db");
        await using (var setup = Open(path))
        {
            await setup.FlushAsync();
        }
        using var other = new SqliteConnection($"Data Source={path};Pooling=False");
        other.Open();
        using (var begin = other.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE;";
            begin.ExecuteNonQuery();
        }
        await using var db = Open(path, o => o.BusyTimeout = TimeSpan.FromMilliseconds(100));

        var error = await Assert.ThrowsAsync<SqliteStorageException>(() =>
            GrainStorage(db).WriteStateAsync("counter", Grain("a"), new TestGrainState<Counter> { State = new Counter() }));

        Assert.Contains(path, error.Message);
        Assert.Contains("locked", error.Message);
    }

    [Fact]
    public async Task A_path_that_cannot_be_opened_fails_with_SqliteStorageException_naming_the_path()
    {
        var path = _folder.File("a-folder");
        Directory.CreateDirectory(path);
        await using var db = Open(path);

        var error = await Assert.ThrowsAsync<SqliteStorageException>(() => db.FlushAsync());

        Assert.Contains(path, error.Message);
        Assert.Contains("cannot be opened", error.Message);
    }

    [Fact]
    public async Task A_file_with_a_newer_schema_is_refused()
    {
        var path = _folder.File("future.db");
        using (var other = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            other.Open();
            using var command = other.CreateCommand();
            command.CommandText = "PRAGMA user_version = 999;";
            command.ExecuteNonQuery();
        }
        await using var db = Open(path);

        var error = await Assert.ThrowsAsync<SqliteStorageException>(() => db.FlushAsync());

        Assert.Contains("newer", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public async Task A_write_that_returned_survives_a_crash_without_a_clean_close()
    {
        var path = _folder.File("live.db");
        var crashImage = _folder.File("crash/live.db");
        var live = Open(path);
        try
        {
            await GrainStorage(live).WriteStateAsync("counter", Grain("a"), new TestGrainState<Counter> { State = new Counter { Count = 9 } });

            // Copy the files as a kill -9 would leave them: no checkpoint, no close, no -shm.
            Directory.CreateDirectory(Path.GetDirectoryName(crashImage)!);
            File.Copy(path, crashImage);
            Assert.True(File.Exists(path + "-wal"));
            File.Copy(path + "-wal", crashImage + "-wal");
        }
        finally
        {
            await live.DisposeAsync();
        }

        await using var recovered = Open(crashImage);
        var read = new TestGrainState<Counter>();
        await GrainStorage(recovered).ReadStateAsync("counter", Grain("a"), read);
        Assert.True(read.RecordExists);
        Assert.Equal(9, read.State.Count);
    }

    [Fact]
    public async Task Disposing_commits_every_queued_write()
    {
        var path = _folder.File("state.db");
        var db = Open(path);
        var storage = GrainStorage(db);
        await db.FlushAsync();
        var (gate, blocker) = await HoldWriterAsync(db);
        using var _ = gate;
        var writes = Enumerable.Range(0, 20)
            .Select(i => storage.WriteStateAsync("counter", Grain($"g{i}"), new TestGrainState<Counter> { State = new Counter { Count = i } }))
            .ToList();

        var disposing = db.DisposeAsync().AsTask();
        gate.Set();
        await disposing.WaitAsync(Generous);

        await Task.WhenAll(writes).WaitAsync(Generous);
        await using var reopened = Open(path);
        var read = new TestGrainState<Counter>();
        await GrainStorage(reopened).ReadStateAsync("counter", Grain("g19"), read);
        Assert.Equal(19, read.State.Count);
    }

    [Fact]
    public async Task Operations_after_dispose_throw_ObjectDisposedException()
    {
        var db = Open(_folder.File("state.db"));
        await db.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => GrainStorage(db).ReadStateAsync("counter", Grain("a"), new TestGrainState<Counter>()));
    }

    [Fact]
    public async Task Full_synchronous_mode_writes_and_reads()
    {
        await using var db = Open(_folder.File("state.db"), o => o.Synchronous = SqliteSynchronous.Full);
        var storage = GrainStorage(db);

        await storage.WriteStateAsync("counter", Grain("a"), new TestGrainState<Counter> { State = new Counter { Count = 1 } });

        var read = new TestGrainState<Counter>();
        await storage.ReadStateAsync("counter", Grain("a"), read);
        Assert.Equal(1, read.State.Count);
    }

    [Fact]
    public void Invalid_options_are_refused_by_the_constructor()
    {
        var error = Assert.Throws<ArgumentException>(() => new SqliteDatabase(new SqliteOptions { WriteBatchSize = 0 }));

        Assert.Contains("WriteBatchSize", error.Message);
    }
}
