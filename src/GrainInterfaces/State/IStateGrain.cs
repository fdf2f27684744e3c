using System.Text.Json;

namespace JobRuntime.GrainInterfaces.State;

/// <summary>
/// A reactive shared state (after zproc's): a dictionary of JSON values kept in grain storage,
/// one per namespace (the key). Each change is an update with a version (key, before, after),
/// published to the stream (<see cref="StateStreams.Namespace"/>, namespace) of the
/// <see cref="StateStreams.Provider"/> provider and offered to the waiters the grain holds.
/// Keys are 1 to 256 characters without control characters.
/// </summary>
[Alias("JobRuntime.IStateGrain")]
public interface IStateGrain : IGrainWithStringKey
{
    /// <summary>The value of a key, or null when the key is absent.</summary>
    /// <exception cref="InvalidStateException">The key is empty, too long or has control characters.</exception>
    [Alias("Get")]
    Task<JsonElement?> Get(string key);

    /// <summary>Every key and value with the version they are at.</summary>
    [Alias("GetSnapshot")]
    Task<StateSnapshot> GetSnapshot();

    /// <summary>The current version (0 before the first change).</summary>
    [Alias("GetVersion")]
    Task<long> GetVersion();

    /// <summary>Applies changes in order as one write (set when a change has a value, remove otherwise); returns the version after them.</summary>
    /// <exception cref="InvalidStateException">A key or value is refused; nothing is changed.</exception>
    [Alias("Apply")]
    Task<long> Apply(StateChange[] changes);

    /// <summary>Sets the key to <paramref name="value"/> unless it is present; returns the key's value after the call.</summary>
    [Alias("SetDefault")]
    Task<JsonElement> SetDefault(string key, JsonElement value);

    /// <summary>Removes a key; returns its value, or null when it was absent.</summary>
    [Alias("Remove")]
    Task<JsonElement?> Remove(string key);

    /// <summary>Removes every key; returns the version after.</summary>
    [Alias("Clear")]
    Task<long> Clear();

    /// <summary>Applies the changes only if the state is still at <paramref name="expectedVersion"/> (optimistic concurrency); returns the new version.</summary>
    /// <exception cref="StateVersionConflictException">The state has moved on; nothing is changed.</exception>
    [Alias("CompareAndSet")]
    Task<long> CompareAndSet(long expectedVersion, StateChange[] changes);

    /// <summary>
    /// Takes the state's exclusive lease for an atomic update: other writers wait until it is
    /// committed, released or expires after <paramref name="lease"/>. Returns its token and a snapshot.
    /// </summary>
    /// <exception cref="InvalidStateException">The lease is not between 1 ms and the configured maximum.</exception>
    [Alias("Acquire")]
    Task<StateLease> Acquire(TimeSpan lease);

    /// <summary>Writes the changes of an atomic update and releases its lease; returns the new version.</summary>
    /// <exception cref="StateLeaseExpiredException">The lease expired (or was never taken); nothing is changed.</exception>
    [Alias("Commit")]
    Task<long> Commit(Guid token, StateChange[] changes);

    /// <summary>Releases a lease without changing anything (the update failed); an unknown token is ignored.</summary>
    [Alias("Release")]
    Task Release(Guid token);

    /// <summary>Up to <paramref name="max"/> of the updates kept after version <paramref name="after"/>, oldest first.</summary>
    [Alias("ReadUpdates")]
    Task<StateUpdate[]> ReadUpdates(long after, int max);

    /// <summary>
    /// Waits for a condition. The condition is tried now (updates kept after <paramref name="after"/>,
    /// or from the current version when it is negative); when it does not hold, the waiter is held
    /// and told through <see cref="IStateWaiter.Matched"/>. Calling again with the same
    /// <paramref name="waitId"/> renews the waiter (waiters expire unless renewed).
    /// </summary>
    [Alias("Wait")]
    Task<StateWaitAck> Wait(Guid waitId, StateCondition condition, long after, IStateWaiter waiter);

    /// <summary>How many waiters the grain holds now (waits on built-in conditions; predicates run in their clients).</summary>
    [Alias("GetWaiterCount")]
    Task<int> GetWaiterCount();

    /// <summary>Drops a waiter (its caller stopped waiting).</summary>
    [Alias("CancelWait")]
    Task CancelWait(Guid waitId);
}
