using System.Text.Json.Nodes;
using JobRuntime.GrainInterfaces.Platform;
using JobRuntime.Storage.Platform;

namespace JobRuntime.Silo.Apis.Platform;

/// <summary>Storage: spider ids, last jobs, project summaries and settings, the activity log, the clock, bot groups.</summary>
internal static class StorageProjectsApi
{
    public static void MapStorageProjects(this RouteGroupBuilder storage)
    {
        storage.MapGet("/ids/{p}/spider/{name}", SpiderId);
        storage.MapGet("/spiders/{p}/lastjobsummary", (HttpContext http, string p) => LastJobs(http, p, null));
        storage.MapGet("/spiders/{p}/{s:int}/lastjobsummary", (HttpContext http, string p, int s) => LastJobs(http, p, s));
        storage.MapGet("/projects/jobsummaries", (Delegate)JobSummaries);
        storage.MapGet("/projects/{p}/jobsummary", async (HttpContext http, string p) => PlatformHttp.One(Summary(await http.Grains().GetGrain<IPlatformProjectGrain>(http.Project(p)).GetSummaryAsync())));
        storage.MapGet("/projects/{p}/settings", Settings).WithMetadata(PlatformEndpoints.SharedWithJobs);
        storage.MapPost("/projects/{p}/settings", MergeSettings);
        storage.MapGet("/projects/{p}/settings/{key}", async (HttpContext http, string p, string key) => PlatformHttp.One((await ReadSettings(http, p))[key]?.DeepClone()))
            .WithMetadata(PlatformEndpoints.SharedWithJobs);
        storage.MapDelete("/projects/{p}/settings/{key}", DeleteSetting);
        storage.MapPost("/botgroups/{name}/max_running", () => PlatformHttp.One(null));
        storage.MapDelete("/botgroups/{name}", () => PlatformHttp.One(null));
        storage.MapPost("/activity/{p}", AddActivity);
        storage.MapGet("/activity/{p}", ListActivity);
    }

    private static async Task<IResult> SpiderId(HttpContext http, string p, string name)
    {
        var project = http.Project(p);
        var store = http.Store<IPlatformProjectStore>();
        var create = PlatformHttp.Text(http.Request, "create") is { } c && c is "1" or "True" or "true";
        var spider = create ? await store.SpiderEnsureAsync(project, name) : await store.SpiderGetByNameAsync(project, name);
        return PlatformHttp.One(spider is null ? null : JsonValue.Create(spider.Id));
    }

    private static async Task<IResult> LastJobs(HttpContext http, string p, int? spider)
    {
        var project = http.Project(p);
        var jobs = await http.Store<IPlatformJobStore>().JobListAsync(new PlatformJobListParams(project, spider,
            [PlatformJobState.Pending, PlatformJobState.Running, PlatformJobState.Finished]));
        var now = http.Now();
        IEnumerable<PlatformJobRecord> last = jobs.GroupBy(j => j.Key.Spider).OrderBy(g => g.Key)
            .Select(g => g.OrderByDescending(j => j.Key.Job).First());
        if (PlatformHttp.Text(http.Request, "startafter") is { } after)
        {
            last = last.SkipWhile(j => j.Key.ToString() != after).Skip(1);
        }
        last = last.Skip(PlatformHttp.Int(http.Request, "start") ?? 0);
        if (PlatformHttp.Int(http.Request, "count") is { } count)
        {
            last = last.Take(count);
        }
        return PlatformHttp.Lines(last.Select(j =>
        {
            var summary = PlatformJobSummaries.Summary(j, now, []);
            summary["finished_time"] ??= (JsonNode.Parse(j.Metadata) as JsonObject)?["finished_time"]?.DeepClone();
            return summary.ToJsonString();
        }).ToList());
    }

    private static async Task<IResult> JobSummaries(HttpContext http)
    {
        var caller = http.Caller();
        var projects = await http.Store<IPlatformProjectStore>().ProjectListAsync();
        var summaries = new JsonArray();
        foreach (var project in projects.Where(caller.CanSee))
        {
            var summary = await http.Grains().GetGrain<IPlatformProjectGrain>(project).GetSummaryAsync();
            if (summary.Pending + summary.Running > 0)
            {
                summaries.Add(Summary(summary));
            }
        }
        return PlatformHttp.One(summaries);
    }

    private static JsonObject Summary(PlatformProjectSummary s) => new()
    {
        ["project"] = s.Project,
        ["pending"] = s.Pending,
        ["running"] = s.Running,
        ["finished"] = s.Finished,
        ["has_capacity"] = s.RunningUnits < s.CapacityUnits,
        ["running_units_count"] = s.RunningUnits,
        ["pending_units_max"] = s.CapacityUnits,
    };

    // Jobs read their project's settings with their token; only its users change them.
    private static async Task<JsonObject> ReadSettings(HttpContext http, string p, bool write = false)
    {
        var project = write ? http.Project(p) : http.SharedProject(p);
        var text = await http.Store<IPlatformProjectStore>().ProjectSettingsGetAsync(project);
        return text is null ? [] : JsonNode.Parse(text) as JsonObject ?? [];
    }

    private static async Task<IResult> Settings(HttpContext http, string p) => PlatformHttp.One(await ReadSettings(http, p));

    private static async Task<IResult> MergeSettings(HttpContext http, string p)
    {
        var settings = await ReadSettings(http, p, write: true);
        foreach (var line in await PlatformHttp.ReadLinesAsync(http.Request))
        {
            foreach (var (key, value) in PlatformHttp.ParseObject(line, "the settings"))
            {
                settings[key] = value?.DeepClone();
            }
        }
        await http.Store<IPlatformProjectStore>().ProjectSettingsSetAsync(PlatformEndpoints.ProjectId(p), settings.ToJsonString());
        return PlatformHttp.Empty();
    }

    private static async Task<IResult> DeleteSetting(HttpContext http, string p, string key)
    {
        var settings = await ReadSettings(http, p, write: true);
        if (settings.Remove(key))
        {
            await http.Store<IPlatformProjectStore>().ProjectSettingsSetAsync(PlatformEndpoints.ProjectId(p), settings.ToJsonString());
        }
        return PlatformHttp.Empty();
    }

    private static async Task<IResult> AddActivity(HttpContext http, string p)
    {
        var project = http.Project(p);
        var events = (await PlatformHttp.ReadLinesAsync(http.Request)).Select(l => PlatformHttp.ParseObject(l, "the event").ToJsonString()).ToList();
        await http.Store<IPlatformProjectStore>().ActivityAppendAsync(project, events);
        return PlatformHttp.Empty();
    }

    private static async Task<IResult> ListActivity(HttpContext http, string p)
    {
        var project = http.Project(p);
        var count = PlatformHttp.Int(http.Request, "count") ?? 100;
        var filter = PlatformFilter.From(http.Request);
        var withTs = PlatformHttp.All(http.Request, "meta").Contains("_ts");
        var events = await http.Store<IPlatformProjectStore>().ActivityListAsync(project, filter.IsEmpty ? count : int.MaxValue);
        var lines = new List<string>();
        foreach (var e in events)
        {
            var node = JsonNode.Parse(e.Data) as JsonObject ?? [];
            if (!filter.IsEmpty && !filter.Matches(System.Text.Json.JsonSerializer.SerializeToElement(node)))
            {
                continue;
            }
            if (withTs)
            {
                node["_ts"] = e.Timestamp;
            }
            lines.Add(node.ToJsonString());
            if (lines.Count >= count)
            {
                break;
            }
        }
        return PlatformHttp.Lines(lines);
    }
}
