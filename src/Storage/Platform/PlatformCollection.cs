namespace JobRuntime.Storage.Platform;

/// <summary>A collection: a project, a type (<c>s</c>, <c>cs</c>, <c>vs</c>, <c>vcs</c>) and a name matching <c>^\w+$</c>.</summary>
public readonly record struct PlatformCollectionId(long Project, string Type, string Name);

/// <summary>A stored collection record: its key, write time (ms) and value (the JSON object without <c>_key</c>).</summary>
public readonly record struct PlatformCollectionRecord(string Key, long Timestamp, string Value);

/// <summary>Which records <see cref="IPlatformCollectionStore.CollectionScanAsync"/> returns, in key order.</summary>
/// <param name="Collection">The collection.</param>
/// <param name="Keys">Only these exact keys, when not empty.</param>
/// <param name="Prefixes">Only keys starting with one of these, when not empty.</param>
/// <param name="Start">The first key (inclusive), when set.</param>
/// <param name="StartAfter">Keys after this one (exclusive), when set.</param>
/// <param name="StartTs">Only records written at or after (ms), when set.</param>
/// <param name="EndTs">Only records written before (ms), when set.</param>
/// <param name="Limit">At most this many rows.</param>
public sealed record PlatformCollectionScanParams(
    PlatformCollectionId Collection, IReadOnlyList<string> Keys, IReadOnlyList<string> Prefixes,
    string? Start, string? StartAfter, long? StartTs, long? EndTs, int Limit);

/// <summary>What the collection types mean for the stores.</summary>
public static class PlatformCollectionTypes
{
    /// <summary>
    /// How many values of a key a versioned collection (<c>vs</c>, <c>vcs</c>) keeps: the current
    /// one and the two before it, as Scrapy Cloud keeps up to 3 copies of each record.
    /// </summary>
    public const int RetainedVersions = 3;

    /// <summary>True for the versioned types, <c>vs</c> and <c>vcs</c>.</summary>
    public static bool IsVersioned(string type) => type is "vs" or "vcs";
}

/// <summary>
/// The platform's key-value collections. In a versioned collection (<c>vs</c>, <c>vcs</c>) a set
/// keeps the key's earlier values, up to <see cref="PlatformCollectionTypes.RetainedVersions"/> in all;
/// deleting the key or truncating the collection drops its history too.
/// </summary>
public interface IPlatformCollectionStore
{
    /// <summary>Sets records (key and value JSON), all written at <paramref name="timestamp"/>.</summary>
    Task CollectionSetAsync(PlatformCollectionId collection, IReadOnlyList<KeyValuePair<string, string>> records, long timestamp, CancellationToken cancellationToken = default);

    /// <summary>The record of that key, or null.</summary>
    Task<PlatformCollectionRecord?> CollectionGetAsync(PlatformCollectionId collection, string key, CancellationToken cancellationToken = default);

    /// <summary>The values a key keeps, newest first (the current one, then older ones of a versioned collection); empty when the key is missing.</summary>
    Task<IReadOnlyList<PlatformCollectionRecord>> CollectionVersionsAsync(PlatformCollectionId collection, string key, CancellationToken cancellationToken = default);

    /// <summary>Records in key order.</summary>
    Task<IReadOnlyList<PlatformCollectionRecord>> CollectionScanAsync(PlatformCollectionScanParams query, CancellationToken cancellationToken = default);

    /// <summary>Deletes keys (missing keys are no error).</summary>
    Task CollectionDeleteAsync(PlatformCollectionId collection, IReadOnlyList<string> keys, CancellationToken cancellationToken = default);

    /// <summary>Deletes every record of the collections of that name (every type); returns how many.</summary>
    Task<int> CollectionTruncateAsync(long project, string name, CancellationToken cancellationToken = default);

    /// <summary>The project's collections that hold records.</summary>
    Task<IReadOnlyList<PlatformCollectionId>> CollectionListAsync(long project, CancellationToken cancellationToken = default);
}
