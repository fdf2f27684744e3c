using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace JobRuntime.PostgreSql.Tests;

/// <summary>Orleans' ADO.NET grain storage on our schema: read, write, ETag conflicts, clear.</summary>
[Collection(PostgresSiloCollection.Name)]
public sealed class GrainStorageTests(PostgresSilo silo)
{
    private IGrainStorage Storage => silo.Services.GetRequiredKeyedService<IGrainStorage>("Default");

    private static GrainId NewGrain() => GrainId.Create("counter", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_grain_never_written_reads_as_a_new_state_without_etag()
    {
        var state = new TestGrainState<Counter>();

        await Storage.ReadStateAsync("counter", NewGrain(), state);

        Assert.NotNull(state.State);
        Assert.Equal(0, state.State.Count);
        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
    }

    [Fact]
    public async Task A_written_state_reads_back_with_the_etag_the_write_returned()
    {
        var grain = NewGrain();
        var written = new TestGrainState<Counter> { State = new Counter { Count = 42, Note = "x" } };
        await Storage.WriteStateAsync("counter", grain, written);

        var read = new TestGrainState<Counter>();
        await Storage.ReadStateAsync("counter", grain, read);

        Assert.True(read.RecordExists);
        Assert.Equal(42, read.State.Count);
        Assert.Equal("x", read.State.Note);
        Assert.NotNull(written.ETag);
        Assert.Equal(written.ETag, read.ETag);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_refused_and_changes_nothing()
    {
        var grain = NewGrain();
        var first = new TestGrainState<Counter> { State = new Counter { Count = 1 } };
        await Storage.WriteStateAsync("counter", grain, first);
        var stale = new TestGrainState<Counter> { State = new Counter { Count = 99 }, ETag = first.ETag };
        first.State.Count = 2;
        await Storage.WriteStateAsync("counter", grain, first);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync("counter", grain, stale));

        var read = new TestGrainState<Counter>();
        await Storage.ReadStateAsync("counter", grain, read);
        Assert.Equal(2, read.State.Count);
    }

    [Fact]
    public async Task Writing_a_new_grain_twice_without_etag_is_a_conflict()
    {
        var grain = NewGrain();
        await Storage.WriteStateAsync("counter", grain, new TestGrainState<Counter> { State = new Counter { Count = 1 } });

        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            Storage.WriteStateAsync("counter", grain, new TestGrainState<Counter> { State = new Counter { Count = 2 } }));
    }

    [Fact]
    public async Task A_cleared_state_reads_as_new_and_can_be_written_again_with_the_etag_clear_gave()
    {
        var grain = NewGrain();
        var state = new TestGrainState<Counter> { State = new Counter { Count = 5 } };
        await Storage.WriteStateAsync("counter", grain, state);

        await Storage.ClearStateAsync("counter", grain, state);
        var read = new TestGrainState<Counter>();
        await Storage.ReadStateAsync("counter", grain, read);
        state.State = new Counter { Count = 6 };
        await Storage.WriteStateAsync("counter", grain, state);

        Assert.False(read.RecordExists);
        Assert.Equal(0, read.State.Count);
        var again = new TestGrainState<Counter>();
        await Storage.ReadStateAsync("counter", grain, again);
        Assert.Equal(6, again.State.Count);
    }

    [Fact]
    public async Task The_same_grain_id_under_two_grain_types_has_two_states()
    {
        var grain = NewGrain();
        await Storage.WriteStateAsync("counter", grain, new TestGrainState<Counter> { State = new Counter { Count = 1 } });
        await Storage.WriteStateAsync("other", grain, new TestGrainState<Counter> { State = new Counter { Count = 2 } });

        var counter = new TestGrainState<Counter>();
        var other = new TestGrainState<Counter>();
        await Storage.ReadStateAsync("counter", grain, counter);
        await Storage.ReadStateAsync("other", grain, other);

        Assert.Equal(1, counter.State.Count);
        Assert.Equal(2, other.State.Count);
    }
}
