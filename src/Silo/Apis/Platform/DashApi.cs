using System.Text.Json.Nodes;
using JobRuntime.GrainInterfaces.Platform;
using JobRuntime.Storage.Platform;

namespace JobRuntime.Silo.Apis.Platform;

/// <summary>
/// The dash base (<c>/api/</c>): the legacy <c>*.json</c> methods the seed's client still calls
/// (bodies carry <c>"status"</c>), the v2 spider tags, and the admin API (spider programs, users).
/// </summary>
internal static class DashApi
{
    private static readonly HashSet<string> s_runFields = ["project", "spider", "units", "priority", "add_tag", "cmd_args", "job_settings", "meta", "environment"];

    public static void MapDash(this RouteGroupBuilder dash)
    {
        dash.MapPost("/run.json", (Delegate)Run);
        dash.MapPost("/jobs/update.json", (Delegate)UpdateTags);
        dash.MapGet("/scrapyd/listprojects.json", (Delegate)ListProjects);
        dash.MapGet("/spiders/list.json", (Delegate)ListSpiders);
        dash.MapGet("/v2/projects/{p}/spiders/{s}", GetSpider);
        dash.MapPatch("/v2/projects/{p}/spiders/{s}/tags", PatchTags);
        dash.MapPut("/admin/projects/{p}/spiders/{name}", DeploySpider);
        dash.MapPut("/admin/users/{name}", SetUser);
        dash.MapAdminDeletes();
    }

    private static IResult Ok(JsonObject body)
    {
        body["status"] = "ok";
        return Results.Text(body.ToJsonString(), "application/json");
    }

    private static PlatformHttpException Bad(string message) => new(400, message);

    private static async Task<IResult> Run(HttpContext http)
    {
        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync() : throw Bad("The body must be a form (application/x-www-form-urlencoded).");
        var project = http.Project(form["project"].ToString() is { Length: > 0 } p ? p : throw Bad("run.json needs 'project'."));
        var spider = form["spider"].ToString() is { Length: > 0 } s ? s : throw Bad("run.json needs 'spider'.");
        var metadata = new JsonObject();
        var args = new JsonObject();
        foreach (var (name, values) in form)
        {
            if (!s_runFields.Contains(name))
            {
                args[name] = values.ToString();
            }
        }
        metadata["spider_args"] = args.DeepClone();
        metadata["tags"] = new JsonArray([.. form["add_tag"].Select(t => (JsonNode)t!)]);
        metadata["api_url"] = $"{http.Request.Scheme}://{http.Request.Host}/api/";
        metadata["portia_url"] = $"{http.Request.Scheme}://{http.Request.Host}/portia/";
        if (form["cmd_args"].ToString() is { Length: > 0 } cmd)
        {
            metadata["cmd_args"] = cmd;
        }
        if (form["job_settings"].ToString() is { Length: > 0 } settings)
        {
            metadata["job_settings"] = PlatformHttp.Parse(settings, "job_settings");
        }
        if (form["environment"].ToString() is { Length: > 0 } environment)
        {
            metadata["environment"] = PlatformHttp.Parse(environment, "environment");
        }
        string? state = null;
        if (form["meta"].ToString() is { Length: > 0 } meta)
        {
            foreach (var (key, value) in PlatformHttp.ParseObject(meta, "meta"))
            {
                if (key == "state")
                {
                    state = value?.ToString();
                }
                else
                {
                    metadata[key] = value?.DeepClone();
                }
            }
        }
        var result = await http.Grains().GetGrain<IPlatformProjectGrain>(project).PushAsync(new PlatformPushRequest
        {
            Spider = spider,
            Metadata = metadata.ToJsonString(),
            Priority = int.TryParse(form["priority"], out var priority) ? priority : 2,
            Units = int.TryParse(form["units"], out var units) ? units : 1,
            State = state ?? PlatformJobState.Pending,
            RunKey = $"{spider}\n{args.ToJsonString()}",
            User = http.Caller().User,
            SpiderMustExist = true,
        });
        if (result.Error is { } error)
        {
            throw Bad(error);
        }
        return Ok(new JsonObject { ["jobid"] = result.Key });
    }

    private static async Task<IResult> UpdateTags(HttpContext http)
    {
        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync() : throw Bad("The body must be a form (application/x-www-form-urlencoded).");
        var project = http.Project(form["project"].ToString());
        var add = form["add_tag"].Select(t => t!).ToList();
        var remove = form["remove_tag"].Select(t => t!).ToList();
        List<PlatformJobKey> keys;
        if (form["job"].ToString() is { Length: > 0 } job)
        {
            keys = [PlatformEndpoints.JobKey(job)];
        }
        else if (form["spider"].ToString() is { Length: > 0 } spider
            && await http.Store<IPlatformProjectStore>().SpiderGetByNameAsync(project, spider) is { } found)
        {
            keys = [.. (await http.Store<IPlatformJobStore>().JobListAsync(new PlatformJobListParams(project, found.Id, []))).Select(j => j.Key)];
        }
        else
        {
            throw Bad("jobs/update.json needs 'job' or a known 'spider'.");
        }
        var count = 0;
        foreach (var key in keys.Where(k => k.Project == project))
        {
            var grain = http.Grains().GetGrain<IPlatformJobGrain>(key.ToString());
            if (await grain.GetMetadataAsync() is not { } text)
            {
                continue;
            }
            var tags = ((JsonNode.Parse(text) as JsonObject)?["tags"] as JsonArray)?.Select(t => t!.ToString()).ToList() ?? [];
            tags = [.. tags.Where(t => !remove.Contains(t)), .. add.Where(t => !tags.Contains(t))];
            await grain.MergeMetadataAsync(new JsonObject { ["tags"] = new JsonArray([.. tags.Distinct().Select(t => (JsonNode)t)]) }.ToJsonString());
            count++;
        }
        return Ok(new JsonObject { ["count"] = count });
    }

    private static async Task<IResult> ListProjects(HttpContext http)
    {
        var caller = http.Caller();
        IEnumerable<long> projects = caller.Admin && caller.User != "local"
            ? []
            : caller.User == "local" ? await http.Store<IPlatformProjectStore>().ProjectListAsync() : caller.Projects.Order();
        return Ok(new JsonObject { ["projects"] = new JsonArray([.. projects.Select(p => (JsonNode)p)]) });
    }

    private static async Task<IResult> ListSpiders(HttpContext http)
    {
        var project = http.Project(http.Request.Query["project"].ToString());
        var spiders = await http.Store<IPlatformProjectStore>().SpiderListAsync(project);
        return Ok(new JsonObject
        {
            ["spiders"] = new JsonArray([.. spiders.Select(s => (JsonNode)new JsonObject
            {
                ["id"] = s.Name, ["tags"] = JsonNode.Parse(s.Tags), ["type"] = "manual", ["version"] = null,
            })]),
        });
    }

    private static async Task<PlatformSpiderRecord> Spider(HttpContext http, string p, string s)
    {
        var project = http.Project(p);
        var store = http.Store<IPlatformProjectStore>();
        var spider = int.TryParse(s, out var id) ? await store.SpiderGetAsync(project, id) : await store.SpiderGetByNameAsync(project, s);
        return spider ?? throw new PlatformHttpException(404, $"Spider {s} not found in project {project}.");
    }

    private static async Task<IResult> GetSpider(HttpContext http, string p, string s)
    {
        var spider = await Spider(http, p, s);
        return Results.Text(new JsonObject { ["id"] = spider.Id, ["name"] = spider.Name, ["tags"] = JsonNode.Parse(spider.Tags) }.ToJsonString(), "application/json");
    }

    private static async Task<IResult> PatchTags(HttpContext http, string p, string s)
    {
        var spider = await Spider(http, p, s);
        var body = PlatformHttp.ParseObject(await PlatformHttp.ReadTextAsync(http.Request), "the tags");
        var add = (body["add"] as JsonArray)?.Select(t => t!.ToString()).ToList() ?? [];
        var remove = (body["remove"] as JsonArray)?.Select(t => t!.ToString()).ToList() ?? [];
        if (add.Count == 0 && remove.Count == 0)
        {
            return Results.Json(new { non_field_errors = new[] { "At least one of \"add\" or \"remove\" arguments must not be empty" }, message = "At least one of \"add\" or \"remove\" arguments must not be empty" }, statusCode: 400);
        }
        var tags = (JsonNode.Parse(spider.Tags) as JsonArray)?.Select(t => t!.ToString()).ToList() ?? [];
        tags = [.. tags.Where(t => !remove.Contains(t)), .. add.Where(t => !tags.Contains(t))];
        await http.Store<IPlatformProjectStore>().SpiderUpdateAsync(spider with { Tags = new JsonArray([.. tags.Distinct().Select(t => (JsonNode)t)]).ToJsonString() });
        return Results.Text("{}", "application/json");
    }

    private static async Task<IResult> DeploySpider(HttpContext http, string p, string name)
    {
        RequireAdmin(http);
        var project = PlatformEndpoints.ProjectId(p);
        var program = PlatformHttp.ParseObject(await PlatformHttp.ReadTextAsync(http.Request), "the spider program");
        if (program["type"]?.ToString() is not ("shell" or "javascript" or "dotnet"))
        {
            throw Bad("A spider program is {\"type\":\"shell\",\"command\":...}, {\"type\":\"javascript\",\"source\":...} or {\"type\":\"dotnet\",\"handler\":...}.");
        }
        var store = http.Store<IPlatformProjectStore>();
        var spider = await store.SpiderEnsureAsync(project, name);
        await store.SpiderUpdateAsync(spider with { Program = program.ToJsonString() });
        return Ok(new JsonObject { ["project"] = project, ["spider"] = name, ["id"] = spider.Id });
    }

    // A platform user with exactly this API key, on the silo's one list of users.
    private static async Task<IResult> SetUser(HttpContext http, string name)
    {
        RequireAdmin(http);
        var body = PlatformHttp.ParseObject(await PlatformHttp.ReadTextAsync(http.Request), "the user");
        var key = body["apikey"]?.ToString() is { Length: >= 16 } k ? k : throw Bad("A user needs an 'apikey' of at least 16 characters.");
        var projects = (body["projects"] as JsonArray)?.Select(x => x!.GetValue<long>()).ToArray() ?? [];
        foreach (var project in projects)
        {
            await http.Store<IPlatformProjectStore>().ProjectEnsureAsync(project);
        }
        try
        {
            await http.Store<Identity.UserAdministration>().PutWithKeyAsync(name, key, body["admin"]?.GetValue<bool>() ?? false, projects);
        }
        catch (Identity.UserAdminException e)
        {
            throw new PlatformHttpException(e.Status, e.Message);
        }
        return Ok(new JsonObject { ["user"] = name });
    }

    internal static void RequireAdmin(HttpContext http)
    {
        if (!http.Caller().Admin)
        {
            throw new PlatformHttpException(403, "The admin API is for administrators.");
        }
    }
}
