using JobRuntime.GrainInterfaces.Platform;
using JobRuntime.Storage.Platform;

namespace JobRuntime.Grains.Platform;

/// <summary>See <see cref="IPlatformCollectionGrain"/>.</summary>
internal sealed class PlatformCollectionGrain(IPlatformCollectionStore store, TimeProvider clock) : Grain, IPlatformCollectionGrain
{
    private PlatformCollectionId Id
    {
        get
        {
            var parts = this.GetPrimaryKeyString().Split('/', 3);
            return new PlatformCollectionId(long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), parts[1], parts[2]);
        }
    }

    public Task SetAsync(PlatformCollectionWrite[] records) =>
        store.CollectionSetAsync(Id, [.. records.Select(r => KeyValuePair.Create(r.Key, r.Value))], clock.GetUtcNow().ToUnixTimeMilliseconds());

    public Task DeleteAsync(string[] keys) => store.CollectionDeleteAsync(Id, keys);
}
