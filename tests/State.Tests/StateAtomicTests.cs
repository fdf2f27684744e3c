using StateHandle = JobRuntime.Client.States.State;
using System.Text.Json.Nodes;
using JobRuntime.Client.States;
using JobRuntime.GrainInterfaces.State;

namespace JobRuntime.State.Tests;

[Collection(StateClusterCollection.Name)]
public sealed class StateAtomicTests(StateCluster cluster)
{
    private StateHandle NewState() => cluster.Client.GetState("atomic-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Concurrent_atomic_increments_lose_no_update()
    {
        var state = NewState();
        await state.SetAsync("n", 0);
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => state.AtomicAsync(v => v["n"] = (int)v["n"]! + 1))));
        Assert.Equal(20, await state.GetAsync<int>("n"));
    }

    [Fact]
    public async Task An_atomic_update_that_throws_leaves_the_state_unchanged()
    {
        var state = NewState();
        await state.SetAsync("n", 1);
        await Assert.ThrowsAsync<InvalidOperationException>(() => state.AtomicAsync<int>(v =>
        {
            v["n"] = 99;
            v.Remove("n");
            throw new InvalidOperationException("no");
        }));
        Assert.Equal(1, await state.GetAsync<int>("n"));
        await state.SetAsync("n", 2); // the lease was released: writers are not blocked
    }

    [Fact]
    public async Task Other_writers_wait_for_an_atomic_update()
    {
        var state = NewState();
        var inside = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var atomic = state.AtomicAsync(async (v, _) =>
        {
            inside.SetResult();
            await release.Task;
            v["order"] = new JsonArray("atomic");
            return 0;
        });
        await inside.Task;
        var writer = state.SetAsync("other", 1);
        await Task.Delay(300);
        Assert.False(writer.IsCompleted);
        release.SetResult();
        await atomic;
        await writer;
        Assert.Equal(2, await state.GetVersionAsync());
    }

    [Fact]
    public async Task A_lease_its_holder_never_commits_blocks_others_only_until_it_expires()
    {
        var state = NewState();
        var grain = cluster.Client.GetGrain<IStateGrain>(state.Namespace);
        var lease = await grain.Acquire(TimeSpan.FromSeconds(1)); // a client that dies mid-update
        await state.SetAsync("x", 1).WaitAsync(TimeSpan.FromSeconds(60));
        await Assert.ThrowsAsync<StateLeaseExpiredException>(() => grain.Commit(lease.Token, [StateChange.Set("x", StateDictionaryTests.Json("2"))]));
        Assert.Equal(1, await state.GetAsync<int>("x"));
    }

    [Fact]
    public async Task Compare_and_set_writes_at_the_expected_version_and_refuses_a_stale_one()
    {
        var state = NewState();
        await state.SetAsync("x", 1);
        var version = (await state.GetSnapshotAsync()).Version;
        await state.CompareAndSetAsync(version, [new("x", 2)]);
        var error = await Assert.ThrowsAsync<StateVersionConflictException>(() => state.CompareAndSetAsync(version, [new("x", 3)]));
        Assert.Contains("version", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, await state.GetAsync<int>("x"));
    }
}
