using System.Text.Json.Nodes;
using JobRuntime.GrainInterfaces.Platform;
using JobRuntime.Storage.Platform;
using JobRuntime.Silo.Security;

namespace JobRuntime.Silo.Apis.Platform;

/// <summary>Storage: the hub crawl frontier (<c>/hcf/p/frontier/s/slot</c>): request batches and fingerprints per slot.</summary>
internal static class StorageFrontierApi
{
    public static void MapStorageFrontiers(this RouteGroupBuilder storage)
    {
        var shared = storage.MapGroup("").WithMetadata(PlatformEndpoints.SharedWithJobs);
        shared.MapGet("/hcf/{p}/list", async (HttpContext http, string p) =>
            PlatformHttp.One(new JsonArray([.. (await http.Store<IPlatformFrontierStore>().FrontierListAsync(http.SharedProject(p))).Select(f => (JsonNode)f)])));
        shared.MapGet("/hcf/{p}/{frontier}/list", async (HttpContext http, string p, string frontier) =>
            PlatformHttp.One(new JsonArray([.. (await http.Store<IPlatformFrontierStore>().FrontierSlotListAsync(http.SharedProject(p), frontier)).Select(f => (JsonNode)f)])));
        shared.MapPost("/hcf/{p}/{frontier}/s/{slot}", Add).WithUploadBody();
        shared.MapGet("/hcf/{p}/{frontier}/s/{slot}/q", Batches);
        shared.MapPost("/hcf/{p}/{frontier}/s/{slot}/q/deleted", DeleteBatches);
        shared.MapGet("/hcf/{p}/{frontier}/s/{slot}/f", Fingerprints);
        shared.MapDelete("/hcf/{p}/{frontier}/s/{slot}", async (HttpContext http, string p, string frontier, string slot) =>
        {
            await Slot(http, p, frontier, slot).DeleteAsync();
            return PlatformHttp.Empty();
        });
    }

    private static IPlatformFrontierSlotGrain Slot(HttpContext http, string p, string frontier, string slot) =>
        http.Grains().GetGrain<IPlatformFrontierSlotGrain>($"{http.SharedProject(p)}/{frontier}/{slot}");

    private static async Task<IResult> Add(HttpContext http, string p, string frontier, string slot)
    {
        var grain = Slot(http, p, frontier, slot);
        var requests = new List<PlatformFrontierAdd>();
        foreach (var line in await PlatformHttp.ReadLinesAsync(http.Request))
        {
            var request = PlatformHttp.ParseObject(line, "the request");
            var fp = request["fp"] is JsonValue f && f.TryGetValue<string>(out var text) ? text : throw new PlatformHttpException(400, "Each request needs a string 'fp'.");
            requests.Add(new PlatformFrontierAdd(fp, request["qdata"]?.ToJsonString(), request["fdata"]?.ToJsonString(),
                request["p"] is JsonValue pv && pv.TryGetValue<int>(out var priority) ? priority : 0));
        }
        var added = requests.Count == 0 ? 0 : await grain.AddAsync([.. requests]);
        return PlatformHttp.One(new JsonObject { ["newcount"] = added });
    }

    private static async Task<IResult> Batches(HttpContext http, string p, string frontier, string slot)
    {
        var project = http.SharedProject(p);
        var batches = await http.Store<IPlatformFrontierStore>().FrontierBatchReadAsync(new PlatformSlotId(project, frontier, slot), PlatformHttp.Int(http.Request, "mincount"), 10_000);
        return PlatformHttp.Lines(batches.Select(b => new JsonObject
        {
            ["id"] = b.Id,
            ["requests"] = new JsonArray([.. b.Requests.Select(r => (JsonNode)new JsonArray(r.Fingerprint, r.QueueData is null ? null : JsonNode.Parse(r.QueueData)))]),
        }.ToJsonString()).ToList());
    }

    private static async Task<IResult> DeleteBatches(HttpContext http, string p, string frontier, string slot)
    {
        var grain = Slot(http, p, frontier, slot);
        var ids = new List<string>();
        foreach (var line in await PlatformHttp.ReadLinesAsync(http.Request))
        {
            ids.Add(PlatformHttp.Parse(line, "the batch id") is JsonValue v && v.TryGetValue<string>(out var id)
                ? id
                : throw new PlatformHttpException(400, "Each line must be a JSON string batch id."));
        }
        await grain.DeleteBatchesAsync([.. ids]);
        return PlatformHttp.Empty();
    }

    private static async Task<IResult> Fingerprints(HttpContext http, string p, string frontier, string slot)
    {
        var project = http.SharedProject(p);
        var fps = await http.Store<IPlatformFrontierStore>().FrontierFingerprintReadAsync(new PlatformSlotId(project, frontier, slot));
        return PlatformHttp.Lines(fps.Select(fp => new JsonObject { ["fp"] = fp }.ToJsonString()).ToList());
    }
}
