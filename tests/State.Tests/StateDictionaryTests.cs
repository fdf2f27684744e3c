using StateHandle = JobRuntime.Client.States.State;
using System.Text.Json;
using JobRuntime.Client.States;
using JobRuntime.GrainInterfaces.State;

namespace JobRuntime.State.Tests;

[Collection(StateClusterCollection.Name)]
public sealed class StateDictionaryTests(StateCluster cluster)
{
    private StateHandle NewState() => cluster.Client.GetState("dict-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_value_set_through_the_indexer_reads_back_through_the_indexer()
    {
        var state = NewState();
        state["apples"] = 5;
        Assert.Equal(5, (int)state["apples"]!);
        Assert.Equal(5, await state.GetAsync<int>("apples"));
    }

    [Fact]
    public async Task Reading_an_absent_key_through_the_indexer_raises_the_typed_key_error()
    {
        var state = NewState();
        var error = Assert.Throws<StateKeyNotFoundException>(() => state["pears"]);
        Assert.Contains("pears", error.Message, StringComparison.Ordinal);
        Assert.Null(await state.GetAsync("pears"));
    }

    [Fact]
    public async Task Set_default_keeps_an_existing_value_and_sets_an_absent_one()
    {
        var state = NewState();
        await state.SetAsync("a", 1);
        Assert.Equal(1, (await state.SetDefaultAsync("a", 2)).GetInt32());
        Assert.Equal(3, (await state.SetDefaultAsync("b", 3)).GetInt32());
        Assert.Equal(3, await state.GetAsync<int>("b"));
    }

    [Fact]
    public async Task Keys_count_contains_remove_pop_and_clear_behave_like_a_dictionary()
    {
        var state = NewState();
        await state.UpdateAsync([new("a", 1), new("b", "two"), new("c", null)]);
        Assert.Equal(["a", "b", "c"], (await state.GetKeysAsync()).Order());
        Assert.Equal(3, await state.CountAsync());
        Assert.True(await state.ContainsKeyAsync("c"));
        Assert.True(await state.RemoveAsync("a"));
        Assert.False(await state.RemoveAsync("a"));
        Assert.Equal("two", (await state.PopAsync("b")).GetString());
        await Assert.ThrowsAsync<StateKeyNotFoundException>(() => state.PopAsync("b"));
        await state.ClearAsync();
        Assert.Empty((await state.GetSnapshotAsync()).Values);
    }

    [Fact]
    public async Task A_refused_key_arrives_as_the_typed_error_from_the_grain()
    {
        var state = NewState();
        var error = await Assert.ThrowsAsync<InvalidStateException>(() => state.SetAsync("bad\nkey", 1));
        Assert.Contains("control characters", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidStateException>(() => state.SetAsync("", 1));
    }

    [Fact]
    public async Task Namespaces_isolate_states()
    {
        var one = NewState();
        var two = NewState();
        await one.SetAsync("x", 1);
        Assert.Null(await two.GetAsync("x"));
    }

    [Fact]
    public async Task Each_change_is_a_versioned_update_with_before_and_after_on_the_stream()
    {
        var state = NewState();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var seen = new List<StateUpdate>();
        var watching = Task.Run(async () =>
        {
            await foreach (var update in state.WatchAsync(0, cancel.Token))
            {
                seen.Add(update);
                if (seen.Count == 3)
                {
                    return;
                }
            }
        });
        await state.SetAsync("k", 1);
        await state.SetAsync("k", 2);
        await state.RemoveAsync("k");
        await watching;
        Assert.Equal([1L, 2, 3], seen.Select(u => u.Version));
        Assert.Null(seen[0].Before);
        Assert.Equal(1, seen[1].Before!.Value.GetInt32());
        Assert.Equal(2, seen[1].After!.Value.GetInt32());
        Assert.Null(seen[2].After);
    }

    [Fact]
    public async Task A_state_is_kept_in_grain_storage_across_a_silo_restart()
    {
        var state = NewState();
        await state.SetAsync("kept", new { n = 1 });
        foreach (var silo in cluster.Cluster.Silos.ToList())
        {
            await cluster.Cluster.RestartSiloAsync(silo);
        }
        await cluster.Cluster.WaitForLivenessToStabilizeAsync();
        var value = await WithRetries(() => state.GetAsync("kept"));
        Assert.Equal(1, value!.Value.GetProperty("n").GetInt32());
    }

    private static async Task<T> WithRetries<T>(Func<Task<T>> call)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception) when (attempt < 20)
            {
                await Task.Delay(500);
            }
        }
    }

    internal static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
