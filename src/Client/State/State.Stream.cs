using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using JobRuntime.GrainInterfaces.State;
using Orleans.Streams;

namespace JobRuntime.Client.States;

public sealed partial class State
{
    // Put among the stream's updates by the watcher's renewals: "read the kept updates since the last one".
    private static readonly StateUpdate CatchUp = new(-1, "", null, null, true, default);

    private IAsyncStream<StateUpdate> UpdateStream =>
        _client.GetStreamProvider(StateStreams.Provider).GetStream<StateUpdate>(StreamId.Create(StateStreams.Namespace, Namespace));

    /// <summary>
    /// The state's updates as they are written, in version order, until cancelled: first those kept
    /// after version <paramref name="after"/> (none when null), then live ones from the state's stream.
    /// </summary>
    public async IAsyncEnumerable<StateUpdate> WatchAsync(long? after = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var updates = Channel.CreateUnbounded<StateUpdate>();
        var subscription = await UpdateStream.SubscribeAsync((u, _) => { updates.Writer.TryWrite(u); return Task.CompletedTask; });
        // The grain publishes to the stream only while someone watches: registered before the
        // version is read, so every update after it is published.
        var watcherId = Guid.NewGuid();
        using var stopRenewing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var expiry = await Grain.Watch(watcherId);
        var renewing = RenewWatchAsync(watcherId, expiry, updates.Writer, stopRenewing.Token);
        try
        {
            var last = after ?? await Grain.GetVersion();
            while (after is not null)
            {
                var kept = await Grain.ReadUpdates(last, 1_000);
                foreach (var update in kept)
                {
                    last = update.Version;
                    yield return update;
                }
                if (kept.Length < 1_000)
                {
                    break;
                }
            }
            while (true)
            {
                var update = await updates.Reader.ReadAsync(cancellationToken);
                if (ReferenceEquals(update, CatchUp))
                {
                    foreach (var missed in await Grain.ReadUpdates(last, 10_000))
                    {
                        last = missed.Version;
                        yield return missed;
                    }
                    continue;
                }
                if (update.Version <= last)
                {
                    continue; // already read from the kept updates
                }
                if (update.Version > last + 1)
                {
                    // The stream skipped (or reordered) some: fill in from the kept updates.
                    foreach (var missed in await Grain.ReadUpdates(last, (int)Math.Min(10_000, update.Version - last - 1)))
                    {
                        if (missed.Version < update.Version)
                        {
                            last = missed.Version;
                            yield return missed;
                        }
                    }
                }
                last = update.Version;
                yield return update;
            }
        }
        finally
        {
            await stopRenewing.CancelAsync();
            await renewing;
            _ = Grain.Unwatch(watcherId).ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
            await subscription.UnsubscribeAsync();
        }
    }

    // Keeps the watcher registered; a renewal the cluster misses is tried again at the next one.
    // After each, the reader looks for kept updates the stream did not bring (published while the
    // grain had no watcher, e.g. just after its silo restarted).
    private async Task RenewWatchAsync(Guid watcherId, TimeSpan expiry, ChannelWriter<StateUpdate> updates, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(RenewEvery(expiry), cancellationToken);
                try
                {
                    expiry = await Grain.Watch(watcherId).WaitAsync(cancellationToken);
                    updates.TryWrite(CatchUp);
                }
                catch (Exception e) when (IsTransient(e))
                {
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Waits until <paramref name="predicate"/> holds (zproc's <c>get_when</c>), evaluated in this
    /// process over the state's update stream: first on the current state, then on the state after
    /// each update (since the handle was created when buffered, from now on when live). Returns the
    /// state it held for.
    /// </summary>
    /// <exception cref="TimeoutException">The options' timeout passed.</exception>
    public async Task<StateSnapshot> WhenAsync(Func<StateSnapshot, bool> predicate, StateWaitOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        options ??= StateWaitOptions.Default;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (options.Timeout is { } limit)
        {
            deadline.CancelAfter(limit);
        }
        try
        {
            var current = await Grain.GetSnapshot().WaitAsync(deadline.Token);
            if (predicate(current))
            {
                return current;
            }
            var from = options.Live ? current.Version : await CursorAsync();
            var values = new Dictionary<string, JsonElement>(current.Values, StringComparer.Ordinal);
            if (from < current.Version)
            {
                // Back to the state at 'from' by undoing the kept updates since, then forward again.
                var kept = await Grain.ReadUpdates(from, 10_000);
                for (var i = kept.Length - 1; i >= 0; i--)
                {
                    Undo(values, kept[i]);
                }
            }
            await foreach (var update in WatchAsync(from, deadline.Token))
            {
                Redo(values, update);
                if (update.Identical && !options.DuplicateOkay)
                {
                    continue;
                }
                var snapshot = new StateSnapshot(update.Version, new Dictionary<string, JsonElement>(values, StringComparer.Ordinal));
                if (predicate(snapshot))
                {
                    if (!options.Live)
                    {
                        Advance(update.Version);
                    }
                    return snapshot;
                }
            }
            throw new InvalidOperationException("The update stream ended.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && options.Timeout is { } waited)
        {
            throw new TimeoutException($"State '{Namespace}': the condition did not hold within {waited}.");
        }
    }

    private static void Undo(Dictionary<string, JsonElement> values, StateUpdate update)
    {
        if (update.Before is { } before)
        {
            values[update.Key] = before;
        }
        else
        {
            values.Remove(update.Key);
        }
    }

    private static void Redo(Dictionary<string, JsonElement> values, StateUpdate update)
    {
        if (update.After is { } after)
        {
            values[update.Key] = after;
        }
        else
        {
            values.Remove(update.Key);
        }
    }
}
