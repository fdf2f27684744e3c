using JobRuntime.GrainInterfaces.Platform;
using JobRuntime.Storage.Platform;

namespace JobRuntime.Grains.Platform;

/// <summary>See <see cref="IPlatformFrontierSlotGrain"/>. Batches hold at most 100 requests, as the seed's server made them.</summary>
internal sealed class PlatformFrontierSlotGrain(IPlatformFrontierStore store) : Grain, IPlatformFrontierSlotGrain
{
    private const int BatchSize = 100;

    private PlatformSlotId Id
    {
        get
        {
            // project/frontier/slot: the frontier name may not contain '/', the slot name may.
            var parts = this.GetPrimaryKeyString().Split('/', 3);
            return new PlatformSlotId(long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), parts[1], parts[2]);
        }
    }

    public Task<int> AddAsync(PlatformFrontierAdd[] requests) =>
        store.FrontierAddAsync(Id, [.. requests.Select(r => new PlatformFrontierRequest(r.Fingerprint, r.QueueData, r.FingerprintData, r.Priority))], BatchSize);

    public Task DeleteBatchesAsync(string[] batchIds) => store.FrontierBatchDeleteAsync(Id, batchIds);

    public Task DeleteAsync() => store.FrontierSlotDeleteAsync(Id);
}
