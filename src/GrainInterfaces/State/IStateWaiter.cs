using Orleans.Concurrency;

namespace JobRuntime.GrainInterfaces.State;

/// <summary>Told by a <see cref="IStateGrain"/> when a condition it holds for the observer is met.</summary>
[Alias("JobRuntime.IStateWaiter")]
public interface IStateWaiter : IGrainObserver
{
    /// <summary>The wait <paramref name="waitId"/> is satisfied by <paramref name="match"/>.</summary>
    [Alias("Matched"), OneWay]
    Task Matched(Guid waitId, StateMatch match);
}
