using System.Text;
using JobRuntime.Storage.Platform;

namespace JobRuntime.Platform.Tests.Stores;

/// <summary>Values at the size limits and keys with the characters some engines cannot hold in a key.</summary>
public abstract partial class PlatformStoreConformanceTests
{
    // A JSON object of exactly `bytes` UTF-8 bytes, multi-byte characters included.
    private static string Json(int bytes, char fill)
    {
        var head = "{\"é\":\"";
        var text = new StringBuilder(head);
        text.Append(fill, bytes - Encoding.UTF8.GetByteCount(head) - 2).Append("\"}");
        return text.ToString();
    }

    [Fact]
    public async Task A_one_MiB_collection_value_and_a_two_MiB_item_read_back_whole()
    {
        var id = new PlatformCollectionId(401, "vs", "big");
        var first = Json(1_048_576, 'a');
        var second = Json(1_048_576, 'b');
        await Collections.CollectionSetAsync(id, [KeyValuePair.Create("k", first)], 1);
        await Collections.CollectionSetAsync(id, [KeyValuePair.Create("k", second)], 2);
        Assert.Equal(second, (await Collections.CollectionGetAsync(id, "k"))!.Value.Value);
        Assert.Equal([second, first], (await Collections.CollectionVersionsAsync(id, "k")).Select(v => v.Value));
        Assert.Equal([second], (await Collections.CollectionScanAsync(new(id, [], [], null, null, null, null, -1))).Select(r => r.Value));
        var job = new PlatformJobKey(401, 1, 1);
        var item = Json(2 * 1_048_576, 'c');
        await Data.DataWriteAsync(new PlatformDataWriteParams(job, PlatformDataKind.Items, 0, 1, PlatformRecordBatch.From(["{\"n\":0}", item, "{\"n\":2}"])));
        var items = await Data.DataReadAsync(new PlatformDataReadParams(401, 1, 1, PlatformDataKind.Items, null, null, null, -1));
        Assert.Equal(["{\"n\":0}", item, "{\"n\":2}"], items.Select(r => r.Data));
        await Collections.CollectionDeleteAsync(id, ["k"]);
        Assert.Empty(await Collections.CollectionVersionsAsync(id, "k"));
    }

    [Fact]
    public async Task Keys_with_slashes_hashes_question_marks_control_characters_and_great_length_keep_their_order()
    {
        var id = new PlatformCollectionId(402, "s", "odd");
        var longKey = new string('m', 600);
        string[] keys = ["a/b", "a\\b", "a#b", "a?b", "a\tb", "a\u0001", longKey, longKey[..100] + "/", "n", "l"];
        await Collections.CollectionSetAsync(id, [.. keys.Select((k, i) => Record(k, i))], 1);
        var expected = keys.Order(StringComparer.Ordinal).ToArray(); // ordinal is bytewise for these
        Assert.Equal(expected, (await Collections.CollectionScanAsync(new(id, [], [], null, null, null, null, -1))).Select(r => r.Key));
        Assert.Equal(["a\u0001", "a\tb", "a#b", "a/b", "a?b", "a\\b"], (await Collections.CollectionScanAsync(new(id, [], ["a"], null, null, null, null, -1))).Select(r => r.Key));
        Assert.Equal([longKey[..100] + "/", longKey], (await Collections.CollectionScanAsync(new(id, [], ["mmm"], null, null, null, null, -1))).Select(r => r.Key));
        Assert.Equal(["n"], (await Collections.CollectionScanAsync(new(id, [], [], null, longKey, null, null, -1))).Select(r => r.Key));
        Assert.Equal("{\"v\":6}", (await Collections.CollectionGetAsync(id, longKey))!.Value.Value);
        var spider = await Projects.SpiderEnsureAsync(402, "books/2#?");
        Assert.Equal(spider, await Projects.SpiderGetByNameAsync(402, "books/2#?"));
        var slot = new PlatformSlotId(402, "site/a#b", "s?1");
        Assert.Equal(2, await Frontiers.FrontierAddAsync(slot, [new("/x?a=1#f", null, null, 0), new("/x\\y", null, null, 0)], 10));
        Assert.Equal(["/x?a=1#f", "/x\\y"], await Frontiers.FrontierFingerprintReadAsync(slot));
        Assert.Equal(["site/a#b"], await Frontiers.FrontierListAsync(402));
        Assert.Equal(["s?1"], await Frontiers.FrontierSlotListAsync(402, "site/a#b"));
    }
}
