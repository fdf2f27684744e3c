using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using JobRuntime.GrainInterfaces.Platform;
using JobRuntime.Storage.Platform;
using JobRuntime.Silo.Security;

namespace JobRuntime.Silo.Apis.Platform;

/// <summary>Storage: key-value collections (<c>/collections/p/type/name</c>) of types s, cs, vs and vcs.</summary>
internal static partial class StorageCollectionsApi
{
    /// <summary>The largest record: 1 MiB of JSON.</summary>
    public const int MaxValueBytes = 1_048_576;

    private const string Types = "regex(^(s|cs|vs|vcs)$)";

    public static void MapStorageCollections(this RouteGroupBuilder storage)
    {
        var shared = storage.MapGroup("").WithMetadata(PlatformEndpoints.SharedWithJobs);
        shared.MapGet("/collections/{p}/list", List);
        shared.MapPost("/collections/{p}/delete", Truncate);
        shared.MapPost($"/collections/{{p}}/{{type:{Types}}}/{{name}}", Set).WithUploadBody();
        shared.MapGet($"/collections/{{p}}/{{type:{Types}}}/{{name}}", (HttpContext http, string p, string type, string name) => Scan(http, p, type, name, false));
        shared.MapGet($"/collections/{{p}}/{{type:{Types}}}/{{name}}/count", (HttpContext http, string p, string type, string name) => Scan(http, p, type, name, true));
        shared.MapPost($"/collections/{{p}}/{{type:{Types}}}/{{name}}/deleted", Delete);
        shared.MapGet($"/collections/{{p}}/{{type:{Types}}}/{{name}}/{{**key}}", Get);
    }

    [GeneratedRegex(@"^\w+$")]
    private static partial Regex NamePattern();

    private static PlatformCollectionId Id(HttpContext http, string p, string type, string name)
    {
        var project = http.SharedProject(p);
        if (!NamePattern().IsMatch(name))
        {
            throw new PlatformHttpException(400, $"Bad collection name '{name}': names match ^\\w+$ (letters, digits, underscores).");
        }
        return new PlatformCollectionId(project, type, name);
    }

    private static async Task<IResult> Set(HttpContext http, string p, string type, string name)
    {
        var id = Id(http, p, type, name);
        var records = new List<PlatformCollectionWrite>();
        foreach (var line in await PlatformHttp.ReadLinesAsync(http.Request))
        {
            if (Encoding.UTF8.GetByteCount(line) > MaxValueBytes)
            {
                throw new PlatformHttpException(413, $"Error parsing data, Serialized value too large - max {MaxValueBytes} bytes");
            }
            var record = PlatformHttp.Parse(line, "data") as JsonObject;
            if (record?["_key"] is not JsonValue key || !key.TryGetValue<string>(out var k))
            {
                throw new PlatformHttpException(400, "Error parsing data, missing value for _key field");
            }
            record.Remove("_key");
            records.Add(new PlatformCollectionWrite(k, record.ToJsonString()));
        }
        if (records.Count > 0)
        {
            await http.Grains().GetGrain<IPlatformCollectionGrain>($"{id.Project}/{id.Type}/{id.Name}").SetAsync([.. records]);
        }
        return PlatformHttp.Empty();
    }

    private static async Task<IResult> Get(HttpContext http, string p, string type, string name, string key)
    {
        var id = Id(http, p, type, name);
        if (PlatformHttp.Text(http.Request, "allversions") is "1" or "True" or "true")
        {
            return await Versions(http, id, key);
        }
        var record = await http.Store<IPlatformCollectionStore>().CollectionGetAsync(id, key);
        if (record is null)
        {
            return Results.Json(new ApiError($"Not Found: no key '{key}' in collection {type}/{name}."), statusCode: 404);
        }
        if (PlatformHttp.WantsMsgPack(http.Request))
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using var document = JsonDocument.Parse(record.Value.Value);
            PlatformMsgPack.Write(buffer, document.RootElement);
            return Results.Bytes(buffer.WrittenMemory.ToArray(), PlatformHttp.MsgPack);
        }
        return PlatformHttp.Lines([record.Value.Value]);
    }

    // The values a key keeps, newest first, each with its write time: up to 3 in a versioned collection.
    private static async Task<IResult> Versions(HttpContext http, PlatformCollectionId id, string key)
    {
        var versions = await http.Store<IPlatformCollectionStore>().CollectionVersionsAsync(id, key);
        if (versions.Count == 0)
        {
            return Results.Json(new ApiError($"Not Found: no key '{key}' in collection {id.Type}/{id.Name}."), statusCode: 404);
        }
        return PlatformHttp.Lines(versions.Select(r =>
        {
            var rest = r.Value.AsSpan(1).TrimStart();
            var head = $"\"_ts\":{r.Timestamp}";
            return rest.StartsWith("}") ? "{" + head + "}" : "{" + head + "," + rest.ToString();
        }).ToList());
    }

    private static async Task<IResult> Scan(HttpContext http, string p, string type, string name, bool countOnly)
    {
        var id = Id(http, p, type, name);
        var request = http.Request;
        var query = new PlatformCollectionScanParams(
            id, PlatformHttp.All(request, "key"), PlatformHttp.All(request, "prefix"),
            PlatformHttp.Text(request, "start"), PlatformHttp.Text(request, "startafter"),
            PlatformHttp.Long(request, "startts"), PlatformHttp.Long(request, "endts"), -1);
        var scan = new PlatformCollectionScan(http.Store<IPlatformCollectionStore>(), query, PlatformFilter.From(request),
            PlatformHttp.Int(request, "prefixcount"), countOnly ? null : PlatformHttp.Int(request, "count"));
        if (countOnly)
        {
            var n = 0L;
            await scan.RunAsync(page => { n += page.Count; return Task.CompletedTask; }, http.RequestAborted);
            return PlatformHttp.One(new JsonObject { ["count"] = n, ["scanned"] = scan.Scanned });
        }
        var meta = PlatformHttp.All(request, "meta");
        var noData = PlatformHttp.Text(request, "nodata") is "1" or "True" or "true";
        return new ScanResult(scan, meta.Contains("_ts"), noData);
    }

    private sealed class ScanResult(PlatformCollectionScan scan, bool withTs, bool noData) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => scan.WriteLinesAsync(httpContext.Response, withTs, noData);
    }

    private static async Task<IResult> Delete(HttpContext http, string p, string type, string name)
    {
        var id = Id(http, p, type, name);
        var keys = new List<string>();
        foreach (var line in await PlatformHttp.ReadLinesAsync(http.Request))
        {
            keys.Add(PlatformHttp.Parse(line, "the key") is JsonValue v && v.TryGetValue<string>(out var k)
                ? k
                : throw new PlatformHttpException(400, "Each line of a delete must be a JSON string key."));
        }
        await http.Grains().GetGrain<IPlatformCollectionGrain>($"{id.Project}/{id.Type}/{id.Name}").DeleteAsync([.. keys]);
        return PlatformHttp.Empty();
    }

    private static async Task<IResult> Truncate(HttpContext http, string p)
    {
        var name = PlatformHttp.Text(http.Request, "name") ?? throw new PlatformHttpException(400, "Truncating needs ?name=<collection>.");
        var id = Id(http, p, "s", name);
        await http.Store<IPlatformCollectionStore>().CollectionTruncateAsync(id.Project, name);
        return Results.Json(new { status = "success", deleted = name }, statusCode: 202);
    }

    private static async Task<IResult> List(HttpContext http, string p)
    {
        var project = http.SharedProject(p);
        var collections = await http.Store<IPlatformCollectionStore>().CollectionListAsync(project);
        return PlatformHttp.Lines(collections.Select(c => new JsonObject { ["type"] = c.Type, ["name"] = c.Name }.ToJsonString()).ToList());
    }
}
