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
    public Task WriteLinesAsync(HttpResponse response, bool withTs, bool noData)
    {
        response.ContentType = PlatformHttp.JsonLines;
        var output = response.BodyWriter;
        return RunAsync(async records =>
        {
            foreach (var r in records)
            {
                var head = $"\"_key\":{JsonSerializer.Serialize(r.Key)}" + (withTs ? $",\"_ts\":{r.Timestamp}" : "");
                var rest = r.Value.AsSpan(1).TrimStart();
                var line = noData || rest.StartsWith("}") ? "{" + head + "}\n" : "{" + head + "," + rest.ToString() + "\n";
                var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(line.Length));
                output.Advance(Encoding.UTF8.GetBytes(line, span));
            }
            await output.FlushAsync(response.HttpContext.RequestAborted);
        }, response.HttpContext.RequestAborted);
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
