using JobRuntime.Storage.Platform;

namespace JobRuntime.Platform.Tests.Stores;

/// <summary>Collections and frontiers.</summary>
public abstract partial class PlatformStoreConformanceTests
{
    private static KeyValuePair<string, string> Record(string key, int v) => KeyValuePair.Create(key, $"{{\"v\":{v}}}");

    [Fact]
    public async Task Collection_scans_go_in_bytewise_key_order_by_keys_prefixes_start_and_limit()
    {
        var id = new PlatformCollectionId(201, "s", "scan");
        await Collections.CollectionSetAsync(id, [Record("b", 1), Record("a_2", 2), Record("a_1", 3), Record("B", 4), Record("ä", 5)], 7);
        PlatformCollectionScanParams Scan(IReadOnlyList<string> keys, IReadOnlyList<string> prefixes, string? start = null, string? after = null, int limit = -1) =>
            new(id, keys, prefixes, start, after, null, null, limit);
        Assert.Equal(["B", "a_1", "a_2", "b", "ä"], (await Collections.CollectionScanAsync(Scan([], []))).Select(r => r.Key));
        Assert.Equal(["a_1", "a_2"], (await Collections.CollectionScanAsync(Scan([], ["a_"]))).Select(r => r.Key));
        Assert.Equal(["B", "b"], (await Collections.CollectionScanAsync(Scan(["b", "B", "zz"], []))).Select(r => r.Key));
        Assert.Equal(["a_2", "b"], (await Collections.CollectionScanAsync(Scan([], [], after: "a_1", limit: 2))).Select(r => r.Key));
        Assert.Equal(["b", "ä"], (await Collections.CollectionScanAsync(Scan([], [], start: "b"))).Select(r => r.Key));
        var got = await Collections.CollectionGetAsync(id, "a_1");
        Assert.Equal(new PlatformCollectionRecord("a_1", 7, "{\"v\":3}"), got);
    }

    [Fact]
    public async Task A_versioned_collection_keeps_three_values_of_a_key_and_a_delete_drops_them_all()
    {
        var id = new PlatformCollectionId(202, "vs", "history");
        for (var v = 1; v <= 5; v++)
        {
            await Collections.CollectionSetAsync(id, [Record("k", v)], v);
        }
        Assert.Equal([5L, 4L, 3L], (await Collections.CollectionVersionsAsync(id, "k")).Select(r => r.Timestamp));
        await Collections.CollectionDeleteAsync(id, ["k", "missing"]);
        Assert.Null(await Collections.CollectionGetAsync(id, "k"));
        Assert.Empty(await Collections.CollectionVersionsAsync(id, "k"));
        var plain = new PlatformCollectionId(202, "s", "plain");
        await Collections.CollectionSetAsync(plain, [Record("k", 1)], 1);
        await Collections.CollectionSetAsync(plain, [Record("k", 2)], 2);
        Assert.Equal([2L], (await Collections.CollectionVersionsAsync(plain, "k")).Select(r => r.Timestamp));
    }

    [Fact]
    public async Task Truncate_empties_every_type_of_a_name_and_the_list_shows_collections_with_records()
    {
        await Collections.CollectionSetAsync(new PlatformCollectionId(203, "s", "gone"), [Record("a", 1)], 1);
        await Collections.CollectionSetAsync(new PlatformCollectionId(203, "vcs", "gone"), [Record("a", 1), Record("a", 2)], 1);
        await Collections.CollectionSetAsync(new PlatformCollectionId(203, "cs", "kept"), [Record("a", 1)], 1);
        Assert.Equal(3, (await Collections.CollectionListAsync(203)).Count);
        Assert.Equal(2, await Collections.CollectionTruncateAsync(203, "gone"));
        Assert.Equal([new PlatformCollectionId(203, "cs", "kept")], await Collections.CollectionListAsync(203));
        Assert.Empty(await Collections.CollectionVersionsAsync(new PlatformCollectionId(203, "vcs", "gone"), "a"));
    }

    [Fact]
    public async Task Frontier_adds_skip_seen_fingerprints_and_batch_by_priority_and_size()
    {
        var slot = new PlatformSlotId(204, "site", "0");
        Assert.Equal(3, await Frontiers.FrontierAddAsync(slot, [Request("/a", 1), Request("/b", 0), Request("/c", 1), Request("/a", 0)], 10));
        Assert.Equal(1, await Frontiers.FrontierAddAsync(slot, [Request("/a", 0), Request("/d", 0)], 10));
        var batches = await Frontiers.FrontierBatchReadAsync(slot, null, 100);
        Assert.Equal([["/b"], ["/d"], ["/a", "/c"]], batches.Select(b => b.Requests.Select(r => r.Fingerprint).ToArray()));
        Assert.Equal("{\"q\":\"/b\"}", batches[0].Requests[0].QueueData);
        Assert.Equal(["/a", "/b", "/c", "/d"], await Frontiers.FrontierFingerprintReadAsync(slot));
        var small = await Frontiers.FrontierAddAsync(new PlatformSlotId(204, "site", "1"), [.. Enumerable.Range(0, 5).Select(i => Request($"/{i}", 0))], 2);
        Assert.Equal(5, small);
        Assert.Equal([2, 2, 1], (await Frontiers.FrontierBatchReadAsync(new PlatformSlotId(204, "site", "1"), null, 100)).Select(b => b.Requests.Count));
    }

    [Fact]
    public async Task Frontier_reads_stop_at_mincount_deleted_batches_go_and_slot_deletes_empty_the_lists()
    {
        var slot = new PlatformSlotId(205, "site", "s/1");
        await Frontiers.FrontierAddAsync(slot, [.. Enumerable.Range(0, 6).Select(i => Request($"/{i}", 0))], 2);
        var first = await Frontiers.FrontierBatchReadAsync(slot, 3, 100);
        Assert.Equal(2, first.Count);
        await Frontiers.FrontierBatchDeleteAsync(slot, [first[0].Id, "unknown"]);
        Assert.Equal(2, (await Frontiers.FrontierBatchReadAsync(slot, null, 100)).Count);
        Assert.Equal(["site"], await Frontiers.FrontierListAsync(205));
        Assert.Equal(["s/1"], await Frontiers.FrontierSlotListAsync(205, "site"));
        await Frontiers.FrontierSlotDeleteAsync(slot);
        await Frontiers.FrontierSlotDeleteAsync(new PlatformSlotId(205, "none", "0"));
        Assert.Empty(await Frontiers.FrontierBatchReadAsync(slot, null, 100));
        Assert.Empty(await Frontiers.FrontierListAsync(205));
    }

    private static PlatformFrontierRequest Request(string fp, int priority) => new(fp, $"{{\"q\":\"{fp}\"}}", null, priority);
}
