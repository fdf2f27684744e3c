using System.Collections.Concurrent;
using System.Text.Json;
using JobRuntime.GrainInterfaces.State;
using StateHandle = JobRuntime.Client.States.State;

namespace JobRuntime.State.Tests;

/// <summary>Waiters are held by the grain only while their client renews them (the cluster's waiter expiry is 3 s).</summary>
[Collection(StateClusterCollection.Name)]
public sealed class StateWaiterExpiryTests(StateCluster cluster)
{
    private static readonly StateCondition AnyChange = new(StateConditionKind.Change, []);

    private IStateGrain NewGrain() => cluster.Client.GetGrain<IStateGrain>("expiry-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_waiter_whose_client_stops_renewing_it_is_dropped_and_a_later_write_does_not_call_it()
    {
        var grain = NewGrain();
        var observer = new RecordingWaiter();
        var reference = cluster.Client.CreateObjectReference<IStateWaiter>(observer);
        try
        {
            // Registered once and never renewed, as by a client that died right after.
            var stale = Guid.NewGuid();
            await grain.Wait(stale, AnyChange, -1, reference);
            Assert.Equal(1, await grain.GetWaiterCount());

            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (await grain.GetWaiterCount() > 0)
            {
                await Task.Delay(200, limit.Token);
            }

            // A waiter registered now is told of the next write; the dropped one is not.
            var fresh = Guid.NewGuid();
            var told = observer.Expect(fresh);
            await grain.Wait(fresh, AnyChange, -1, reference);
            await grain.Apply([StateChange.Set("k", JsonSerializer.SerializeToElement(1))]);
            await told.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.DoesNotContain(stale, observer.Told);
        }
        finally
        {
            cluster.Client.DeleteObjectReference<IStateWaiter>(reference);
        }
    }

    [Fact]
    public async Task A_waiter_whose_client_keeps_renewing_it_outlives_the_expiry()
    {
        var grain = NewGrain();
        await using var state = new StateHandle(cluster.Client, grain.GetPrimaryKeyString());
        var waiting = state.WhenAvailableAsync("late", new(Live: true, Timeout: TimeSpan.FromSeconds(120)));
        await Task.Delay(StateCluster.WaiterExpiry * 3);
        Assert.Equal(1, await grain.GetWaiterCount());
        await state.SetAsync("late", true);
        Assert.True((await waiting).Values["late"].GetBoolean());
        Assert.Equal(0, await grain.GetWaiterCount());
    }

    private sealed class RecordingWaiter : IStateWaiter
    {
        private readonly ConcurrentDictionary<Guid, TaskCompletionSource> _expected = new();

        public ConcurrentBag<Guid> Told { get; } = [];

        public Task Expect(Guid waitId) =>
            _expected.GetOrAdd(waitId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

        public Task Matched(Guid waitId, StateMatch match)
        {
            Told.Add(waitId);
            if (_expected.TryGetValue(waitId, out var done))
            {
                done.TrySetResult();
            }
            return Task.CompletedTask;
        }
    }
}
