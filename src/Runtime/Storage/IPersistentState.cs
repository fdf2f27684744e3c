using JobRuntime.Storage;

namespace JobRuntime;

/// <summary>
/// A grain's persistent state, injected with <see cref="PersistentStateAttribute"/>. It is read
/// before <c>OnActivateAsync</c>; writes are explicit and optimistic.
/// </summary>
public interface IPersistentState<TState> : IGrainState<TState>
{
    /// <summary>The ETag of the stored record (same as <see cref="IGrainState{T}.ETag"/>).</summary>
    string? Etag { get; }

    /// <summary>Reads the state again from storage.</summary>
    Task ReadStateAsync();

    /// <summary>Writes the state; once this returns the write is durable.</summary>
    /// <exception cref="InconsistentStateException">Another writer changed the record since it was read.</exception>
    Task WriteStateAsync();

    /// <summary>Deletes the stored record and resets the state to a new value.</summary>
    Task ClearStateAsync();
}
