using System.Collections.Concurrent;
using JobRuntime.GrainInterfaces.State;

namespace JobRuntime.Client.States;

/// <summary>The client-side end of a handle's waits: the state grain calls it when a condition is met.</summary>
internal sealed class StateWaiterObserver : IStateWaiter
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource<StateMatch>> _waits = new();

    public Task<StateMatch> Register(Guid waitId) =>
        _waits.GetOrAdd(waitId, _ => new TaskCompletionSource<StateMatch>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Unregister(Guid waitId) => _waits.TryRemove(waitId, out _);

    public Task Matched(Guid waitId, StateMatch match)
    {
        if (_waits.TryGetValue(waitId, out var wait))
        {
            wait.TrySetResult(match);
        }
        return Task.CompletedTask;
    }
}
