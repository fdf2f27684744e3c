using JobRuntime.Storage;
using JobRuntime.Testing;
using JobRuntime.Tests.Grains;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace JobRuntime.Tests;

/// <summary>
/// [PersistentState] with optimistic concurrency, against both grain storages of the test cluster:
/// "Default" (SQLite) and "memory". Each row of <see cref="Stores"/> is a grain class bound to one store.
/// </summary>
public sealed class PersistenceTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    public static TheoryData<string> GrainClasses => new() { nameof(SqliteStateProbeGrain), nameof(MemoryStateProbeGrain) };

    public static TheoryData<string, string> Stores => new()
    {
        { nameof(SqliteStateProbeGrain), "Default" },
        { nameof(MemoryStateProbeGrain), "memory" },
    };

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private IStateProbeGrain Probe(string grainClass, string key) => _cluster.GrainFactory.GetGrain<IStateProbeGrain>(key, grainClass);

    private IGrainStorage Storage(string store) => _cluster.Services.GetRequiredKeyedService<IGrainStorage>(store);

    [Theory]
    [MemberData(nameof(GrainClasses))]
    public async Task A_grain_with_no_stored_record_starts_with_a_new_state_and_no_etag(string grainClass)
    {
        var snapshot = await Probe(grainClass, "fresh").Read();

        Assert.Equal(new StateSnapshot(null, null, false), snapshot);
    }

    [Theory]
    [MemberData(nameof(GrainClasses))]
    public async Task A_written_state_is_read_by_the_next_activation(string grainClass)
    {
        var grain = Probe(grainClass, "reread");
        var written = await grain.Write("hello");
        await grain.Deactivate();

        var read = await grain.Read();

        Assert.Equal("hello", read.Value);
        Assert.True(read.RecordExists);
        Assert.Equal(written.Etag, read.Etag);
    }

    [Theory]
    [MemberData(nameof(GrainClasses))]
    public async Task Every_write_gives_the_record_a_new_etag(string grainClass)
    {
        var grain = Probe(grainClass, "etags");

        var first = await grain.Write("a");
        var second = await grain.Write("b");

        Assert.NotNull(first.Etag);
        Assert.NotNull(second.Etag);
        Assert.NotEqual(first.Etag, second.Etag);
    }

    [Theory]
    [MemberData(nameof(GrainClasses))]
    public async Task Clearing_deletes_the_record_and_resets_the_state(string grainClass)
    {
        var grain = Probe(grainClass, "clear");
        await grain.Write("doomed");

        var cleared = await grain.Clear();
        await grain.Deactivate();
        var reread = await grain.Read();

        Assert.Equal(new StateSnapshot(null, null, false), cleared);
        Assert.Equal(new StateSnapshot(null, null, false), reread);
    }

    [Theory]
    [MemberData(nameof(GrainClasses))]
    public async Task State_is_read_before_OnActivateAsync_runs(string grainClass)
    {
        var grain = Probe(grainClass, "before-activate");
        await grain.Write("stored");
        await grain.Deactivate();

        Assert.Equal("stored", await grain.ValueSeenByOnActivate());
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task ReadStateAsync_picks_up_a_record_another_writer_changed(string grainClass, string store)
    {
        var grain = Probe(grainClass, "reload");
        await grain.Write("mine");
        var theirs = await WriteBehindTheGrainsBack(grain, store, "theirs");

        var reloaded = await grain.Reload();

        Assert.Equal(new StateSnapshot("theirs", theirs, true), reloaded);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_write_over_a_record_another_writer_changed_throws_InconsistentStateException(string grainClass, string store)
    {
        var grain = Probe(grainClass, "stale-write");
        var mine = await grain.Write("mine");
        var theirs = await WriteBehindTheGrainsBack(grain, store, "theirs");

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => grain.Write("lost update"));

        Assert.Equal(theirs, conflict.StoredEtag);
        Assert.Equal(mine.Etag, conflict.CurrentEtag);
        Assert.Contains("probe", conflict.Message);
        Assert.Equal("theirs", (await ReadBehindTheGrainsBack(grain, store)).State.Value);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_first_write_over_a_record_another_writer_created_throws_InconsistentStateException(string grainClass, string store)
    {
        var grain = Probe(grainClass, "stale-insert");
        Assert.False((await grain.Read()).RecordExists);
        await WriteBehindTheGrainsBack(grain, store, "theirs");

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => grain.Write("mine"));

        Assert.Null(conflict.CurrentEtag);
        Assert.NotNull(conflict.StoredEtag);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Clearing_a_record_another_writer_changed_throws_InconsistentStateException(string grainClass, string store)
    {
        var grain = Probe(grainClass, "stale-clear");
        await grain.Write("mine");
        await WriteBehindTheGrainsBack(grain, store, "theirs");

        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.Clear());

        Assert.True((await ReadBehindTheGrainsBack(grain, store)).RecordExists);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task After_a_conflict_the_grain_writes_again_once_it_has_reread_its_state(string grainClass, string store)
    {
        var grain = Probe(grainClass, "recover");
        await grain.Write("mine");
        await WriteBehindTheGrainsBack(grain, store, "theirs");
        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.Write("lost update"));

        await grain.Reload();
        var written = await grain.Write("merged");

        Assert.Equal("merged", (await ReadBehindTheGrainsBack(grain, store)).State.Value);
        Assert.Equal(written.Etag, (await ReadBehindTheGrainsBack(grain, store)).ETag);
    }

    [Fact]
    public async Task A_SQLite_state_survives_a_silo_restart()
    {
        var written = await Probe(nameof(SqliteStateProbeGrain), "restart").Write("durable");

        await _cluster.RestartAsync();

        Assert.Equal(written, await Probe(nameof(SqliteStateProbeGrain), "restart").Read());
    }

    [Fact]
    public async Task A_memory_state_is_gone_after_a_silo_restart()
    {
        await Probe(nameof(MemoryStateProbeGrain), "restart").Write("volatile");

        await _cluster.RestartAsync();

        Assert.Equal(new StateSnapshot(null, null, false), await Probe(nameof(MemoryStateProbeGrain), "restart").Read());
    }

    [Fact]
    public async Task A_SQLite_write_that_returned_is_in_a_copy_of_the_file_taken_while_the_silo_runs()
    {
        // The copy is what a disk holds if the process is killed now: no shutdown, no flush, no checkpoint.
        var written = await Probe(nameof(SqliteStateProbeGrain), "crash").Write("committed");
        var folder = Path.Combine(Path.GetTempPath(), "jobruntime-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var image = Path.Combine(folder, "crash.db");
        try
        {
            File.Copy(_cluster.DatabasePath, image);
            if (File.Exists(_cluster.DatabasePath + "-wal"))
            {
                File.Copy(_cluster.DatabasePath + "-wal", image + "-wal");
            }

            await using var recovered = await TestCluster.StartAsync(o => o.DatabasePath = image);
            var read = await recovered.GrainFactory.GetGrain<IStateProbeGrain>("crash", nameof(SqliteStateProbeGrain)).Read();

            Assert.Equal(written, read);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private async Task<string?> WriteBehindTheGrainsBack(IStateProbeGrain grain, string store, string value)
    {
        var record = await ReadBehindTheGrainsBack(grain, store);
        record.State.Value = value;
        await Storage(store).WriteStateAsync("probe", grain.GetGrainId(), record);
        return record.ETag;
    }

    private async Task<Record> ReadBehindTheGrainsBack(IStateProbeGrain grain, string store)
    {
        var record = new Record();
        await Storage(store).ReadStateAsync("probe", grain.GetGrainId(), record);
        return record;
    }

    private sealed class Record : IGrainState<ProbeState>
    {
        public ProbeState State { get; set; } = new();

        public string? ETag { get; set; }

        public bool RecordExists { get; set; }
    }
}
