namespace JobRuntime.Storage.Platform;

/// <summary>A frontier slot: a project, a frontier name and a slot name.</summary>
public readonly record struct PlatformSlotId(long Project, string Frontier, string Slot);

/// <summary>A request added to a slot: fingerprint, queue data and fingerprint data (JSON or null), priority (lower first).</summary>
public readonly record struct PlatformFrontierRequest(string Fingerprint, string? QueueData, string? FingerprintData, int Priority);

/// <summary>A batch of queued requests: its id and its (fingerprint, queue data JSON or null) pairs.</summary>
public sealed record PlatformFrontierBatch(string Id, IReadOnlyList<(string Fingerprint, string? QueueData)> Requests);

/// <summary>The platform's crawl frontiers: per slot, fingerprints seen and a queue of request batches.</summary>
public interface IPlatformFrontierStore
{
    /// <summary>
    /// Adds requests: those whose fingerprint the slot has not seen are recorded and queued, in
    /// batches of at most <paramref name="batchSize"/> per priority. Returns how many were new.
    /// </summary>
    Task<int> FrontierAddAsync(PlatformSlotId slot, IReadOnlyList<PlatformFrontierRequest> requests, int batchSize, CancellationToken cancellationToken = default);

    /// <summary>Queued batches by priority then age, until at least <paramref name="minCount"/> requests (all when null, up to <paramref name="maxBatches"/>).</summary>
    Task<IReadOnlyList<PlatformFrontierBatch>> FrontierBatchReadAsync(PlatformSlotId slot, int? minCount, int maxBatches, CancellationToken cancellationToken = default);

    /// <summary>Removes batches from the slot's queue (unknown ids are no error).</summary>
    Task FrontierBatchDeleteAsync(PlatformSlotId slot, IReadOnlyList<string> batchIds, CancellationToken cancellationToken = default);

    /// <summary>The fingerprints the slot has seen, in order.</summary>
    Task<IReadOnlyList<string>> FrontierFingerprintReadAsync(PlatformSlotId slot, CancellationToken cancellationToken = default);

    /// <summary>Deletes a slot's queue and fingerprints (a missing slot is no error).</summary>
    Task FrontierSlotDeleteAsync(PlatformSlotId slot, CancellationToken cancellationToken = default);

    /// <summary>The project's frontiers that have a slot.</summary>
    Task<IReadOnlyList<string>> FrontierListAsync(long project, CancellationToken cancellationToken = default);

    /// <summary>A frontier's slots.</summary>
    Task<IReadOnlyList<string>> FrontierSlotListAsync(long project, string frontier, CancellationToken cancellationToken = default);
}
