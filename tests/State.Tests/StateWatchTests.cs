using System.Threading.Channels;
using JobRuntime.Client.States;
using JobRuntime.GrainInterfaces.State;
using Orleans.Streams;

namespace JobRuntime.State.Tests;

/// <summary>The update stream carries updates while a watcher is registered; the kept updates are the log.</summary>
[Collection(StateClusterCollection.Name)]
public sealed class StateWatchTests(StateCluster cluster)
{
    [Fact]
    public async Task Updates_reach_the_stream_only_while_a_watcher_is_registered()
    {
        var state = cluster.Client.GetState("watch-" + Guid.NewGuid().ToString("N"));
        var seen = Channel.CreateUnbounded<long>();
        var stream = cluster.Client.GetStreamProvider(StateStreams.Provider).GetStream<StateUpdate>(StreamId.Create(StateStreams.Namespace, state.Namespace));
        var direct = await stream.SubscribeAsync((u, _) => seen.Writer.WriteAsync(u.Version).AsTask());
        try
        {
            await state.SetAsync("a", 1); // nobody watches: stored, not published

            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var watched = new List<long>();
            var caughtUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var watching = Task.Run(async () =>
            {
                // A watcher registers before it reads the kept updates, so once it has read version 1 it is registered.
                await foreach (var update in state.WatchAsync(0, stop.Token))
                {
                    watched.Add(update.Version);
                    caughtUp.TrySetResult();
                    if (update.Version == 2)
                    {
                        return;
                    }
                }
            });
            await caughtUp.Task.WaitAsync(stop.Token);
            await state.SetAsync("a", 2);

            Assert.Equal(2, await seen.Reader.ReadAsync(stop.Token)); // a published version 1 would have come first
            await watching;
            Assert.Equal([1L, 2L], watched);
        }
        finally
        {
            await direct.UnsubscribeAsync();
        }
    }
}
