namespace JobRuntime.GrainInterfaces.Platform;

/// <summary>
/// A key-value collection (key: <c>project/type/name</c>). Writes go through the grain, one batch
/// at a time; scans read the engine directly.
/// </summary>
public interface IPlatformCollectionGrain : IGrainWithStringKey
{
    /// <summary>Sets records (keys and value JSON objects without <c>_key</c>).</summary>
    Task SetAsync(PlatformCollectionWrite[] records);

    /// <summary>Deletes keys (missing ones are no error).</summary>
    Task DeleteAsync(string[] keys);
}

/// <summary>One record to set: its key and its value (a JSON object without <c>_key</c>).</summary>
[GenerateSerializer, Immutable, Alias("JobRuntime.Platform.CollectionWrite")]
public readonly record struct PlatformCollectionWrite([property: Id(0)] string Key, [property: Id(1)] string Value);
