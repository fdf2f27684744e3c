using StateHandle = JobRuntime.Client.States.State;
using JobRuntime.Client.States;

namespace JobRuntime.State.Tests;

[Collection(StateClusterCollection.Name)]
public sealed class StateWaitTests(StateCluster cluster)
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(60);

    private StateHandle NewState(string? @namespace = null) => cluster.Client.GetState(@namespace ?? "wait-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_wait_for_a_value_returns_when_another_handle_sets_it()
    {
        var state = NewState();
        var writer = NewState(state.Namespace);
        var waiting = state.WhenEqualAsync("ready", true, new(Live: true, Timeout: Long));
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted);
        await writer.SetAsync("ready", true);
        var snapshot = await waiting;
        Assert.True(snapshot.Values["ready"].GetBoolean());
    }

    [Fact]
    public async Task A_value_condition_is_checked_against_the_current_state_first()
    {
        var state = NewState();
        await state.SetAsync("n", 10);
        var snapshot = await state.WhenEqualAsync("n", 10, new(Live: true, Timeout: Long));
        Assert.Equal(10, snapshot.Values["n"].GetInt32());
    }

    [Fact]
    public async Task A_missing_key_makes_a_condition_false_rather_than_an_error()
    {
        var state = NewState();
        await Assert.ThrowsAsync<TimeoutException>(() => state.WhenNotEqualAsync("absent", 1, new(Timeout: TimeSpan.FromMilliseconds(300))));
        var waiting = state.WhenNotEqualAsync("absent", 1, new(Timeout: Long));
        await state.SetAsync("absent", 2);
        Assert.Equal(2, (await waiting).Values["absent"].GetInt32());
    }

    [Fact]
    public async Task A_wait_past_its_timeout_raises_TimeoutException()
    {
        var state = NewState();
        var error = await Assert.ThrowsAsync<TimeoutException>(() => state.WhenAvailableAsync("never", new(Timeout: TimeSpan.FromMilliseconds(200))));
        Assert.Contains("never", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_buffered_wait_sees_an_update_made_after_the_handle_was_created_and_before_the_wait()
    {
        var state = NewState();
        await state.GetVersionAsync();
        await state.SetAsync("a", 1);
        await state.SetAsync("b", 1);
        var snapshot = await state.WhenChangeAsync(["a"], options: new(Timeout: Long));
        Assert.Equal(1, snapshot.Version);
        Assert.False(snapshot.Values.ContainsKey("b"));
    }

    [Fact]
    public async Task A_live_wait_ignores_updates_made_before_it()
    {
        var state = NewState();
        await state.GetVersionAsync();
        await state.SetAsync("a", 1);
        await Assert.ThrowsAsync<TimeoutException>(() => state.WhenChangeAsync(["a"], options: new(Live: true, Timeout: TimeSpan.FromMilliseconds(300))));
    }

    [Fact]
    public async Task Buffered_waits_consume_updates_one_after_another()
    {
        var state = NewState();
        await state.GetVersionAsync();
        await state.SetAsync("a", 1);
        await state.SetAsync("a", 2);
        Assert.Equal(1, (await state.WhenRawUpdateAsync(new(Timeout: Long))).After!.Value.GetInt32());
        Assert.Equal(2, (await state.WhenRawUpdateAsync(new(Timeout: Long))).After!.Value.GetInt32());
    }

    [Fact]
    public async Task An_update_that_changes_nothing_is_skipped_unless_duplicates_are_okay()
    {
        var state = NewState();
        await state.SetAsync("a", 1);
        var skipping = state.WhenChangeAsync(["a"], options: new(Live: true, Timeout: Long));
        var okay = state.WhenRawUpdateAsync(new(Live: true, Timeout: Long, DuplicateOkay: true));
        await Task.Delay(200);
        await state.SetAsync("a", 1);
        var identical = await okay;
        Assert.True(identical.Identical);
        Assert.False(skipping.IsCompleted);
        await state.SetAsync("a", 2);
        Assert.Equal(2, (await skipping).Values["a"].GetInt32());
    }

    [Fact]
    public async Task A_change_wait_with_exclude_ignores_the_named_keys()
    {
        var state = NewState();
        await state.GetVersionAsync();
        await state.SetAsync("noise", 1);
        await state.SetAsync("signal", 1);
        var snapshot = await state.WhenChangeAsync(["noise"], exclude: true, new(Timeout: Long));
        Assert.Equal(2, snapshot.Version);
    }

    [Fact]
    public async Task None_and_not_none_distinguish_null_from_a_value()
    {
        var state = NewState();
        var none = state.WhenNoneAsync("x", new(Timeout: Long));
        var notNone = state.WhenNotNoneAsync("x", new(Timeout: Long));
        await Task.Delay(200);
        await state.SetAsync("x", null);
        await none;
        Assert.False(notNone.IsCompleted);
        await state.SetAsync("x", 0);
        await notNone;
    }

    [Fact]
    public async Task A_predicate_is_evaluated_client_side_over_the_update_stream()
    {
        var state = NewState();
        await state.SetAsync("count", 0);
        var waiting = state.WhenAsync(s => s.Values.TryGetValue("count", out var c) && c.GetInt32() >= 3, new(Live: true, Timeout: Long));
        for (var i = 1; i <= 3; i++)
        {
            await state.SetAsync("count", i);
        }
        Assert.Equal(3, (await waiting).Values["count"].GetInt32());
    }

    [Fact]
    public async Task A_predicate_that_holds_now_returns_at_once()
    {
        var state = NewState();
        await state.SetAsync("x", 1);
        var snapshot = await state.WhenAsync(s => s.Values.ContainsKey("x"), new(Timeout: Long));
        Assert.Equal(1, snapshot.Version);
    }

    [Fact]
    public async Task A_cancelled_wait_ends_with_OperationCanceledException()
    {
        var state = NewState();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => state.WhenAvailableAsync("never", cancellationToken: cancel.Token));
    }

    [Fact]
    public async Task A_waiter_renews_itself_and_still_matches_after_the_grain_restarted()
    {
        var state = NewState() is var s ? new StateHandle(cluster.Client, s.Namespace) { RenewInterval = TimeSpan.FromMilliseconds(500) } : null!;
        var waiting = state.WhenEqualAsync("after", "restart", new(Timeout: Long));
        await Task.Delay(300);
        foreach (var silo in cluster.Cluster.Silos.ToList())
        {
            await cluster.Cluster.RestartSiloAsync(silo);
        }
        await cluster.Cluster.WaitForLivenessToStabilizeAsync();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await NewState(state.Namespace).SetAsync("after", "restart");
                break;
            }
            catch (Exception) when (attempt < 20)
            {
                await Task.Delay(500);
            }
        }
        Assert.Equal("restart", (await waiting).Values["after"].GetString());
    }
}
