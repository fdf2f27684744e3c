using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using JobRuntime.GrainInterfaces.Platform;
using JobRuntime.Storage.Platform;
using JobRuntime.Silo.Security;

namespace JobRuntime.Silo.Apis.Platform;

/// <summary>Storage: a job's items, logs, requests and samples (<c>/{type}/p/s/j</c>): batch uploads, paged and filtered reads, stats.</summary>
internal static class StorageDataApi
{
    private const string Types = "regex(^(items|logs|requests|samples)$)";

    public static void MapStorageData(this RouteGroupBuilder storage)
    {
        storage.MapPost($"/{{type:{Types}}}/{{p}}/{{s:int}}/{{j:int}}", Write).WithUploadBody();
        storage.MapGet($"/{{type:{Types}}}/{{p}}/{{s:int}}/{{j:int}}", (HttpContext http, string type, string p, int s, int j) => Read(http, type, p, s, j, null));
        storage.MapGet($"/{{type:{Types}}}/{{p}}/{{s:int}}/{{j:int}}/{{n:long}}", (HttpContext http, string type, string p, int s, int j, long n) => Read(http, type, p, s, j, n));
        storage.MapGet($"/{{type:{Types}}}/{{p}}/{{s:int}}/{{j:int}}/stats", Stats);
        storage.MapGet($"/{{type:{Types}}}/{{p}}", (HttpContext http, string type, string p) => Read(http, type, p, null, null, null));
        storage.MapGet($"/{{type:{Types}}}/{{p}}/{{s:int}}", (HttpContext http, string type, string p, int s) => Read(http, type, p, s, null, null));
    }

    private static PlatformDataKind Kind(string type) => type switch
    {
        "items" => PlatformDataKind.Items,
        "logs" => PlatformDataKind.Logs,
        "requests" => PlatformDataKind.Requests,
        _ => PlatformDataKind.Samples,
    };

    private static async Task<IResult> Write(HttpContext http, string type, string p, int s, int j)
    {
        var key = PlatformEndpoints.JobKey(p, s.ToString(CultureInfo.InvariantCulture), j.ToString(CultureInfo.InvariantCulture));
        http.Caller().DemandJob(key);
        var kind = Kind(type);
        var records = await PlatformUpload.ReadAsync(http.Request, kind);
        var start = PlatformHttp.Long(http.Request, "start");
        if (records.Count > 0)
        {
            await http.Grains().GetGrain<IPlatformJobGrain>(key.ToString()).AppendAsync((PlatformJobData)kind, start, records);
        }
        return PlatformHttp.Empty();
    }

    private static async Task<IResult> Read(HttpContext http, string type, string p, int? spider, int? job, long? index)
    {
        // A job's token reads its own job's records; the project-wide and spider-wide reads are its users'.
        var project = job is { } number ? Own(http, p, spider!.Value, number) : http.Project(p);
        var request = http.Request;
        var kind = Kind(type);
        var filter = PlatformFilter.From(request);
        var count = index is null ? PlatformHttp.Int(request, "count") : 1;
        PlatformDataRecordPosition? from = index is { } n ? new PlatformDataRecordPosition(spider!.Value, job!.Value, n) : null;
        var skipFirst = false;
        if (from is null && (PlatformHttp.Text(request, "start") ?? PlatformHttp.Text(request, "startafter")) is { } startKey)
        {
            var parts = startKey.Split('/');
            if (parts.Length != 4 || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var ss) || !int.TryParse(parts[2], CultureInfo.InvariantCulture, out var sj)
                || !long.TryParse(parts[3], CultureInfo.InvariantCulture, out var si))
            {
                throw new PlatformHttpException(400, $"'{startKey}' is not a record key: it must be project/spider/job/index.");
            }
            from = new PlatformDataRecordPosition(ss, sj, si);
            skipFirst = PlatformHttp.Text(request, "start") is null;
        }
        var store = http.Store<IPlatformDataStore>();
        var query = new PlatformDataReadParams(project, spider, job, kind, from, PlatformHttp.Long(request, "startts"), PlatformHttp.Long(request, "endts"), 1);
        if (index is not null)
        {
            PlatformDataRecordPosition? found = null;
            await store.DataScanAsync(query, (in PlatformDataRow row) => found = new PlatformDataRecordPosition(row.Spider, row.Job, row.Index));
            if (found != from)
            {
                return Results.Json(new ApiError($"Record {p}/{spider}/{job}/{index} not found."), statusCode: 404);
            }
        }
        var meta = PlatformHttp.All(request, "meta");
        var shape = new PlatformDataReadShape(
            meta.Contains("_key"), meta.Contains("_ts"), PlatformHttp.Text(request, "nodata") is "1" or "True" or "true",
            kind != PlatformDataKind.Requests && PlatformHttp.WantsMsgPack(request), filter, count, skipFirst);
        return new PlatformDataReadResult(store, query, shape);
    }

    private static long Own(HttpContext http, string p, int spider, int job)
    {
        var key = new PlatformJobKey(PlatformEndpoints.ProjectId(p), spider, job);
        http.Caller().DemandJob(key);
        return key.Project;
    }

    private static async Task<IResult> Stats(HttpContext http, string type, string p, int s, int j)
    {
        var project = Own(http, p, s, j);
        var kind = Kind(type);
        var records = await http.Store<IPlatformDataStore>().DataReadAsync(new PlatformDataReadParams(project, s, j, kind, null, null, null, -1));
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long bytes = 0;
        foreach (var record in records)
        {
            using var document = JsonDocument.Parse(record.Data);
            var root = document.RootElement;
            if (kind == PlatformDataKind.Logs)
            {
                var level = root.TryGetProperty("level", out var l) ? l.GetRawText() : "0";
                counts[level] = counts.GetValueOrDefault(level) + 1;
                bytes += root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? PlatformMsgPack.StringSize(m.GetString()!) : 1;
                continue;
            }
            bytes += PlatformMsgPack.Size(root);
            if (root.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in root.EnumerateObject().Where(x => x.Value.ValueKind != JsonValueKind.Null))
                {
                    counts[property.Name] = counts.GetValueOrDefault(property.Name) + 1;
                }
            }
        }
        var countsNode = new JsonObject();
        foreach (var (name, n) in counts)
        {
            countsNode[name] = n;
        }
        return PlatformHttp.One(new JsonObject
        {
            ["counts"] = countsNode,
            ["totals"] = new JsonObject { ["input_bytes"] = bytes, ["input_values"] = records.Count },
        });
    }
}
