namespace JobRuntime.Storage;

/// <summary>
/// A grain storage provider: keeps named state records per grain with optimistic concurrency.
/// Register one per name (e.g. "Default"); grains reach it through <see cref="IPersistentState{T}"/>.
/// </summary>
public interface IGrainStorage
{
    /// <summary>
    /// Reads the record into <paramref name="grainState"/>: sets State, ETag and RecordExists. A
    /// missing record leaves State as a new value, ETag null and RecordExists false.
    /// </summary>
    Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState);

    /// <summary>
    /// Writes the record if its stored ETag equals <paramref name="grainState"/>'s (null: the
    /// record must not exist), then sets the new ETag and RecordExists.
    /// </summary>
    /// <exception cref="InconsistentStateException">The stored ETag differs.</exception>
    Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState);

    /// <summary>Deletes the record under the same ETag check; resets ETag and RecordExists.</summary>
    /// <exception cref="InconsistentStateException">The stored ETag differs.</exception>
    Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState);
}

/// <summary>A state value with its storage ETag, as storage providers see it.</summary>
public interface IGrainState<T>
{
    /// <summary>The state value.</summary>
    T State { get; set; }

    /// <summary>The ETag of the stored record, or null when none is stored.</summary>
    string? ETag { get; set; }

    /// <summary>True when a record is stored.</summary>
    bool RecordExists { get; set; }
}
