using System.Collections.Concurrent;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using JobRuntime.Client.States;
using JobRuntime.GrainInterfaces.State;
using JobRuntime.Silo.Apis;

namespace JobRuntime.Silo.WebConsole;

/// <summary>
/// The states area of the console: a state's keys and values, live from its update stream, and
/// the number of waiters its grain holds; values are set and removed through the state API.
/// </summary>
internal static class StatesConsole
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan WaitersCheck = TimeSpan.FromSeconds(1);

    public static void MapStatesConsole(this RouteGroupBuilder console)
    {
        console.MapGet("/console/states", (ClaimsPrincipal user, string? @namespace) =>
            string.IsNullOrWhiteSpace(@namespace)
                ? ConsolePage.Render("States", ConsoleAreas.States, ConsoleEndpoints.User(user), StatesPages.Open())
                : TypedResults.Redirect($"/console/states/{Uri.EscapeDataString(@namespace.Trim())}"));
        console.MapGet("/console/states/{namespace}", StatePage);
        // The caller's own namespace, as over /state/{namespace}: another user's states stay invisible.
        console.MapGet("/console/events/states/{namespace}", (string @namespace, IClusterClient client, TimeProvider time, HttpContext context) =>
            TypedResults.ServerSentEvents(ReadAsync(client, StateApiNamespaces.Resolve(context, @namespace, null), time, context.RequestAborted)));
    }

    private static async Task<IResult> StatePage(string @namespace, ClaimsPrincipal user, IGrainFactory grains, HttpContext context)
    {
        var grain = grains.GetGrain<IStateGrain>(StateApiNamespaces.Resolve(context, @namespace, null));
        var snapshot = await grain.GetSnapshot();
        var waiters = await grain.GetWaiterCount();
        return ConsolePage.Render($"State {@namespace}", ConsoleAreas.States, ConsoleEndpoints.User(user), StatesPages.State(@namespace, snapshot, waiters), "state.js");
    }

    // "update" events from the state's update stream after the version the page was rendered at
    // (the page gives it, or the current one), and "waiters" whenever the count changes.
    private static async IAsyncEnumerable<SseItem<string>> ReadAsync(IClusterClient client, string @namespace, TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var state = new State(client, @namespace);
        var grain = client.GetGrain<IStateGrain>(@namespace);
        var snapshot = await grain.GetSnapshot();
        yield return JobEventsFeed.Event("snapshot", new { version = snapshot.Version, values = snapshot.Values });
        var updates = new ConcurrentQueue<StateUpdate>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pump = PumpAsync(state.WatchAsync(snapshot.Version, stop.Token), updates);
        try
        {
            var waiters = -1;
            var checkedAt = long.MinValue;
            while (!cancellationToken.IsCancellationRequested)
            {
                while (updates.TryDequeue(out var update))
                {
                    yield return JobEventsFeed.Event("update", StateUpdateView.From(update));
                }
                if (checkedAt == long.MinValue || time.GetElapsedTime(checkedAt) >= WaitersCheck)
                {
                    checkedAt = time.GetTimestamp();
                    var count = await grain.GetWaiterCount();
                    if (count != waiters)
                    {
                        waiters = count;
                        yield return JobEventsFeed.Event("waiters", new { waiters });
                    }
                }
                if (pump.IsFaulted)
                {
                    yield return JobEventsFeed.Event("problem", new { message = $"The state's update stream failed: {pump.Exception!.GetBaseException().Message}" });
                    yield break;
                }
                if (!await JobEventsFeed.DelayAsync(Tick, time, cancellationToken))
                {
                    yield break;
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await pump.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private static async Task PumpAsync(IAsyncEnumerable<StateUpdate> updates, ConcurrentQueue<StateUpdate> queue)
    {
        try
        {
            await foreach (var update in updates)
            {
                queue.Enqueue(update);
            }
        }
        catch (OperationCanceledException)
        {
            // The page went away.
        }
    }
}
