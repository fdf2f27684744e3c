namespace JobRuntime.Storage;

/// <summary>What the activation needs of a persistent state: to read it before OnActivateAsync.</summary>
internal interface IPersistentStateLoader
{
    Task ReadStateAsync();
}

/// <summary>A grain's named state bound to a storage provider.</summary>
internal sealed class PersistentState<T>(string stateName, GrainId grainId, string storageName, IGrainStorage storage)
    : IPersistentState<T>, IPersistentStateLoader
{
    public T State { get; set; } = NewState();

    public string? ETag { get; set; }

    public string? Etag => ETag;

    public bool RecordExists { get; set; }

    public Task ReadStateAsync() => Run("read", () => storage.ReadStateAsync(stateName, grainId, this));

    public Task WriteStateAsync() => Run("write", () => storage.WriteStateAsync(stateName, grainId, this));

    public async Task ClearStateAsync()
    {
        await Run("clear", () => storage.ClearStateAsync(stateName, grainId, this));
        State = NewState();
    }

    // Storage failures name the grain, the state and the store; ETag conflicts pass as they are.
    private async Task Run(string operation, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception e) when (e is not InconsistentStateException and not OperationCanceledException)
        {
            throw new GrainStorageException($"Grain {grainId} could not {operation} state '{stateName}' in storage '{storageName}': {e.Message}", e);
        }
    }

    internal static T NewState()
    {
        if (typeof(T).IsValueType || typeof(T) == typeof(string))
        {
            return default!;
        }
        return typeof(T).GetConstructor(Type.EmptyTypes) is not null ? Activator.CreateInstance<T>() : default!;
    }
}
