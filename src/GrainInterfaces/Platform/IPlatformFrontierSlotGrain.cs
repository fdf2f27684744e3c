namespace JobRuntime.GrainInterfaces.Platform;

/// <summary>
/// A frontier slot (key: <c>project/frontier/slot</c>): fingerprints seen and a queue of request
/// batches. Adds are serialized, so a fingerprint is counted new once.
/// </summary>
public interface IPlatformFrontierSlotGrain : IGrainWithStringKey
{
    /// <summary>Adds requests; returns how many fingerprints were new (those are queued).</summary>
    Task<int> AddAsync(PlatformFrontierAdd[] requests);

    /// <summary>Removes batches from the queue.</summary>
    Task DeleteBatchesAsync(string[] batchIds);

    /// <summary>Deletes the slot's queue and fingerprints.</summary>
    Task DeleteAsync();
}

/// <summary>A request to add: fingerprint, queue data and fingerprint data (JSON or null), priority.</summary>
[GenerateSerializer, Immutable, Alias("JobRuntime.Platform.FrontierAdd")]
public readonly record struct PlatformFrontierAdd(
    [property: Id(0)] string Fingerprint, [property: Id(1)] string? QueueData, [property: Id(2)] string? FingerprintData, [property: Id(3)] int Priority);
