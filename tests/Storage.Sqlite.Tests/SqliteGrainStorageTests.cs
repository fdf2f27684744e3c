using Orleans.Storage;
using static JobRuntime.Sqlite.Tests.Fixtures;

namespace JobRuntime.Sqlite.Tests;

public sealed class SqliteGrainStorageTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Reading_a_missing_record_gives_a_new_state_without_etag()
    {
        await using var db = Open(_folder.File("state.db"));
        var state = new TestGrainState<Counter> { State = null! };

        await GrainStorage(db).ReadStateAsync("counter", Grain("a"), state);

        Assert.NotNull(state.State);
        Assert.Equal(0, state.State.Count);
        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
    }

    [Fact]
    public async Task A_written_state_reads_back_from_a_new_database_over_the_same_file()
    {
        var path = _folder.File("state.db");
        var written = new TestGrainState<Counter> { State = new Counter { Count = 42, Tags = ["x", "y"] } };
        await using (var db = Open(path))
        {
            await GrainStorage(db).WriteStateAsync("counter", Grain("a"), written);
        }

        await using var reopened = Open(path);
        var read = new TestGrainState<Counter>();
        await GrainStorage(reopened).ReadStateAsync("counter", Grain("a"), read);

        Assert.True(read.RecordExists);
        Assert.Equal(42, read.State.Count);
        Assert.Equal(["x", "y"], read.State.Tags);
        Assert.Equal(written.ETag, read.ETag);
    }

    [Fact]
    public async Task Each_write_gives_a_new_etag()
    {
        await using var db = Open(_folder.File("state.db"));
        var storage = GrainStorage(db);
        var state = new TestGrainState<Counter> { State = new Counter() };

        await storage.WriteStateAsync("counter", Grain("a"), state);
        var first = state.ETag;
        state.State.Count++;
        await storage.WriteStateAsync("counter", Grain("a"), state);

        Assert.NotNull(first);
        Assert.NotEqual(first, state.ETag);
        Assert.True(state.RecordExists);
    }

    [Fact]
    public async Task Writing_with_a_stale_etag_throws_InconsistentStateException_naming_grain_state_store_and_etags()
    {
        await using var db = Open(_folder.File("state.db"));
        var storage = GrainStorage(db, "Archive");
        var mine = new TestGrainState<Counter> { State = new Counter() };
        await storage.WriteStateAsync("counter", Grain("a"), mine);
        var theirs = new TestGrainState<Counter>();
        await storage.ReadStateAsync("counter", Grain("a"), theirs);
        await storage.WriteStateAsync("counter", Grain("a"), theirs);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("counter", Grain("a"), mine));

        Assert.Contains("counter/a", error.Message);
        Assert.Contains("'counter'", error.Message);
        Assert.Contains("'Archive'", error.Message);
        Assert.Contains($"'{mine.ETag}'", error.Message);
        Assert.Contains($"'{theirs.ETag}'", error.Message);
        Assert.Equal(mine.ETag, error.CurrentEtag);
        Assert.Equal(theirs.ETag, error.StoredEtag);
    }

    [Fact]
    public async Task Inserting_when_a_record_exists_throws_InconsistentStateException()
    {
        await using var db = Open(_folder.File("state.db"));
        var storage = GrainStorage(db);
        await storage.WriteStateAsync("counter", Grain("a"), new TestGrainState<Counter> { State = new Counter { Count = 1 } });

        var fresh = new TestGrainState<Counter> { State = new Counter { Count = 2 } };
        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("counter", Grain("a"), fresh));

        Assert.Null(error.CurrentEtag);
        Assert.NotNull(error.StoredEtag);
        var read = new TestGrainState<Counter>();
        await storage.ReadStateAsync("counter", Grain("a"), read);
        Assert.Equal(1, read.State.Count);
    }

    [Fact]
    public async Task Updating_a_record_that_was_deleted_throws_InconsistentStateException()
    {
        await using var db = Open(_folder.File("state.db"));
        var storage = GrainStorage(db);
        var mine = new TestGrainState<Counter> { State = new Counter() };
        await storage.WriteStateAsync("counter", Grain("a"), mine);
        var other = new TestGrainState<Counter>();
        await storage.ReadStateAsync("counter", Grain("a"), other);
        await storage.ClearStateAsync("counter", Grain("a"), other);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("counter", Grain("a"), mine));

        Assert.Null(error.StoredEtag);
        Assert.Contains("no record", error.Message);
    }

    [Fact]
    public async Task Clearing_deletes_the_record_and_resets_the_state()
    {
        await using var db = Open(_folder.File("state.db"));
        var storage = GrainStorage(db);
        var state = new TestGrainState<Counter> { State = new Counter { Count = 5 } };
        await storage.WriteStateAsync("counter", Grain("a"), state);

        await storage.ClearStateAsync("counter", Grain("a"), state);

        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
        Assert.Equal(0, state.State.Count);
        var read = new TestGrainState<Counter>();
        await storage.ReadStateAsync("counter", Grain("a"), read);
        Assert.False(read.RecordExists);
    }

    [Fact]
    public async Task Clearing_with_a_stale_etag_throws_and_keeps_the_record()
    {
        await using var db = Open(_folder.File("state.db"));
        var storage = GrainStorage(db);
        var mine = new TestGrainState<Counter> { State = new Counter { Count = 1 } };
        await storage.WriteStateAsync("counter", Grain("a"), mine);
        var stale = new TestGrainState<Counter> { State = new Counter(), ETag = mine.ETag };
        mine.State.Count = 2;
        await storage.WriteStateAsync("counter", Grain("a"), mine);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("counter", Grain("a"), stale));

        var read = new TestGrainState<Counter>();
        await storage.ReadStateAsync("counter", Grain("a"), read);
        Assert.Equal(2, read.State.Count);
    }

    [Fact]
    public async Task Clearing_a_missing_record_without_etag_succeeds()
    {
        await using var db = Open(_folder.File("state.db"));
        var state = new TestGrainState<Counter> { State = new Counter() };

        await GrainStorage(db).ClearStateAsync("counter", Grain("nobody"), state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
    }

    [Fact]
    public async Task A_record_written_again_after_clearing_never_reuses_an_old_etag()
    {
        await using var db = Open(_folder.File("state.db"));
        var storage = GrainStorage(db);
        var state = new TestGrainState<Counter> { State = new Counter() };
        await storage.WriteStateAsync("counter", Grain("a"), state);
        var old = state.ETag;
        await storage.ClearStateAsync("counter", Grain("a"), state);
        await storage.WriteStateAsync("counter", Grain("a"), state);

        var stale = new TestGrainState<Counter> { State = new Counter(), ETag = old };
        Assert.NotEqual(old, state.ETag);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("counter", Grain("a"), stale));
    }

    [Fact]
    public async Task Stores_with_different_names_keep_separate_records()
    {
        await using var db = Open(_folder.File("state.db"));
        await GrainStorage(db, "A").WriteStateAsync("counter", Grain("a"), new TestGrainState<Counter> { State = new Counter { Count = 1 } });

        var read = new TestGrainState<Counter>();
        await GrainStorage(db, "B").ReadStateAsync("counter", Grain("a"), read);

        Assert.False(read.RecordExists);
    }

    [Fact]
    public async Task A_stored_state_that_does_not_fit_the_type_throws_naming_grain_state_and_store()
    {
        await using var db = Open(_folder.File("state.db"));
        var storage = GrainStorage(db);
        await storage.WriteStateAsync("counter", Grain("a"), new TestGrainState<string> { State = "not a counter" });

        var error = await Assert.ThrowsAsync<OrleansException>(() => storage.ReadStateAsync("counter", Grain("a"), new TestGrainState<Counter>()));

        Assert.Contains("counter/a", error.Message);
        Assert.Contains("'counter'", error.Message);
        Assert.Contains("'Default'", error.Message);
        Assert.NotNull(error.InnerException);
    }

    [Fact]
    public async Task An_etag_this_store_did_not_issue_is_a_conflict()
    {
        await using var db = Open(_folder.File("state.db"));
        var state = new TestGrainState<Counter> { State = new Counter(), ETag = "W/\"abc\"" };

        await Assert.ThrowsAsync<InconsistentStateException>(() => GrainStorage(db).WriteStateAsync("counter", Grain("a"), state));
    }
}
