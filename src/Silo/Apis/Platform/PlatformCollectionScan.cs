using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using JobRuntime.Storage.Platform;

namespace JobRuntime.Silo.Apis.Platform;

/// <summary>
/// A collection scan read from the engine in pages of keys (each page after the last key of the one
/// before), so a scan of any size holds one page in memory; its filter, <c>prefixcount</c> and
/// <c>count</c> apply across pages.
/// </summary>
internal sealed class PlatformCollectionScan(IPlatformCollectionStore store, PlatformCollectionScanParams query, PlatformFilter filter, int? prefixCount, int? count)
{
    /// <summary>Records per engine read.</summary>
    private const int Page = 5_000;

    private readonly Dictionary<string, int> _taken = new(StringComparer.Ordinal);

    /// <summary>How many records were read from the engine (before the filter).</summary>
    public long Scanned { get; private set; }

    /// <summary>The selected records, page by page; <paramref name="page"/> sees each page's selection (records are valid until it returns).</summary>
    public async Task RunAsync(Func<List<PlatformCollectionRecord>, Task> page, CancellationToken cancellationToken)
    {
        long left = count ?? long.MaxValue;
        var next = query;
        var selected = new List<PlatformCollectionRecord>();
        while (left > 0)
        {
            // Without filters the engine's limit is the count itself; with them a page is read whole.
            var limit = filter.IsEmpty && prefixCount is null ? (int)Math.Min(Page, left) : Page;
            var records = await store.CollectionScanAsync(next with { Limit = limit }, cancellationToken);
            Scanned += records.Count;
            selected.Clear();
            foreach (var record in records)
            {
                if (left > 0 && Selected(record))
                {
                    selected.Add(record);
                    left--;
                }
            }
            await page(selected);
            if (records.Count < limit)
            {
                break;
            }
            next = next with { Start = null, StartAfter = records[^1].Key };
        }
    }

    /// <summary>Writes the scan to the response as JSON lines, flushing after each page.</summary>
    public async Task WriteLinesAsync(HttpResponse response, bool withTs, bool noData)
    {
        response.ContentType = PlatformHttp.JsonLines;
        var body = response.BodyWriter;
        // Lines are encoded into a buffer of our own and handed to the response once per page.
        var output = new ArrayBufferWriter<byte>(256 * 1024);
        using var json = new Utf8JsonWriter(output);
        await RunAsync(async records =>
        {
            foreach (var r in records)
            {
                Append(output, "{\"_key\":"u8);
                json.Reset(output);
                json.WriteStringValue(r.Key);
                json.Flush();
                if (withTs)
                {
                    Append(output, ",\"_ts\":"u8);
                    Utf8Formatter.TryFormat(r.Timestamp, output.GetSpan(20), out var n);
                    output.Advance(n);
                }
                var rest = r.Value.AsSpan(1).TrimStart();
                if (noData || rest.StartsWith('}'))
                {
                    Append(output, "}\n"u8);
                    continue;
                }
                Append(output, ","u8);
                var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(rest.Length) + 1);
                var length = Encoding.UTF8.GetBytes(rest, span);
                span[length] = (byte)'\n';
                output.Advance(length + 1);
            }
            body.Write(output.WrittenSpan);
            output.ResetWrittenCount();
            await body.FlushAsync(response.HttpContext.RequestAborted);
        }, response.HttpContext.RequestAborted);
    }

    private static void Append(ArrayBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(output.GetSpan(bytes.Length));
        output.Advance(bytes.Length);
    }

    private bool Selected(PlatformCollectionRecord record)
    {
        if (!filter.IsEmpty)
        {
            using var document = JsonDocument.Parse(record.Value);
            if (!filter.Matches(document.RootElement))
            {
                return false;
            }
        }
        if (prefixCount is { } perPrefix)
        {
            var prefix = query.Prefixes.FirstOrDefault(x => record.Key.StartsWith(x, StringComparison.Ordinal)) ?? "";
            _taken[prefix] = _taken.GetValueOrDefault(prefix) + 1;
            return _taken[prefix] <= perPrefix;
        }
        return true;
    }
}
