using System.Text.Json.Nodes;
using JobRuntime.GrainInterfaces.Platform;
using JobRuntime.Storage.Platform;

namespace JobRuntime.Silo.Apis.Platform;

/// <summary>Storage: job metadata (<c>/jobs/</c>) and the job queue (<c>/jobq/</c>).</summary>
internal static class StorageJobsApi
{
    private static readonly string[] s_finished = [PlatformJobState.Finished];

    public static void MapStorageJobs(this RouteGroupBuilder storage)
    {
        storage.MapGet("/jobs/{p}/{s}/{j}", GetMetadata);
        storage.MapPost("/jobs/{p}/{s}/{j}", MergeMetadata);
        storage.MapDelete("/jobs/{p}/{s}/{j}", Purge);
        storage.MapGet("/jobs/{p}/{s}/{j}/{field}", GetField);
        storage.MapPost("/jobs/{p}/{s}/{j}/{field}", SetField);
        storage.MapDelete("/jobs/{p}/{s}/{j}/{field}", DeleteField);

        storage.MapPost("/jobq/{p}/push", Push);
        storage.MapPost("/jobq/{p}/startjob", StartJob);
        storage.MapPost("/jobq/{p}/update", Update).WithMetadata(PlatformEndpoints.SharedWithJobs);
        storage.MapPost("/jobq/{p}/cancel", Cancel);
        storage.MapPost("/jobq/{p}/{s}/{j}/cancel", CancelOne);
        storage.MapGet("/jobq/{p}/count", Count);
        storage.MapGet("/jobq/{p}/list", List);
        storage.MapGet("/jobq/{p}/summary", (HttpContext http, string p) => Summary(http, p, null, null));
        storage.MapGet("/jobq/{p}/summary/{state}", (HttpContext http, string p, string state) => Summary(http, p, null, state));
        storage.MapGet("/jobq/{p}/{s:int}/summary", (HttpContext http, string p, int s) => Summary(http, p, s, null));
        storage.MapGet("/jobq/{p}/{s:int}/summary/{state}", (HttpContext http, string p, int s, string state) => Summary(http, p, s, state));
        storage.MapGet("/jobq/{p}/jobsummary", JobSummary);
    }

    private static IPlatformJobGrain Job(HttpContext http, string p, string s, string j)
    {
        var key = PlatformEndpoints.JobKey(p, s, j);
        http.Caller().DemandJob(key);
        return http.Grains().GetGrain<IPlatformJobGrain>(key.ToString());
    }

    private static async Task<IResult> GetMetadata(HttpContext http, string p, string s, string j) =>
        await Job(http, p, s, j).GetMetadataAsync() is { } metadata
            ? PlatformHttp.Lines([metadata])
            : Results.Json(new ApiError($"Job {p}/{s}/{j} not found."), statusCode: 404);

    private static async Task<IResult> MergeMetadata(HttpContext http, string p, string s, string j)
    {
        var job = Job(http, p, s, j);
        foreach (var line in await PlatformHttp.ReadLinesAsync(http.Request))
        {
            if (!await job.MergeMetadataAsync(PlatformHttp.ParseObject(line, "job metadata").ToJsonString()))
            {
                return Results.Json(new ApiError($"Job {p}/{s}/{j} not found."), statusCode: 404);
            }
        }
        return PlatformHttp.Empty();
    }

    private static async Task<IResult> Purge(HttpContext http, string p, string s, string j)
    {
        http.Project(p); // the project's users purge jobs, never a job's own token
        await Job(http, p, s, j).PurgeAsync();
        return PlatformHttp.Empty();
    }

    private static async Task<IResult> GetField(HttpContext http, string p, string s, string j, string field)
    {
        var metadata = await Job(http, p, s, j).GetMetadataAsync();
        if (metadata is null)
        {
            return Results.Json(new ApiError($"Job {p}/{s}/{j} not found."), statusCode: 404);
        }
        return PlatformHttp.One((JsonNode.Parse(metadata) as JsonObject)?[field]);
    }

    private static async Task<IResult> SetField(HttpContext http, string p, string s, string j, string field)
    {
        var value = PlatformHttp.Parse(await PlatformHttp.ReadTextAsync(http.Request), $"the value of '{field}'");
        var ok = await Job(http, p, s, j).MergeMetadataAsync(new JsonObject { [field] = value }.ToJsonString());
        return ok ? PlatformHttp.Empty() : Results.Json(new ApiError($"Job {p}/{s}/{j} not found."), statusCode: 404);
    }

    private static async Task<IResult> DeleteField(HttpContext http, string p, string s, string j, string field)
    {
        await Job(http, p, s, j).DeleteMetadataAsync(field);
        return PlatformHttp.Empty();
    }

    private static async Task<IResult> Push(HttpContext http, string p)
    {
        var project = http.Project(p);
        var lines = await PlatformHttp.ReadLinesAsync(http.Request);
        var results = new List<string>();
        foreach (var line in lines)
        {
            var body = PlatformHttp.ParseObject(line, "the job");
            var spider = body["spider"]?.GetValue<string>() ?? throw new PlatformHttpException(400, "The job needs a 'spider' name.");
            var extras = new JsonObject();
            foreach (var (name, value) in body)
            {
                if (name is not ("spider" or "priority" or "state" or "unique" or "units"))
                {
                    extras[name] = value?.DeepClone();
                }
            }
            var result = await http.Grains().GetGrain<IPlatformProjectGrain>(project).PushAsync(new PlatformPushRequest
            {
                Spider = spider,
                Metadata = extras.ToJsonString(),
                Priority = body["priority"]?.GetValue<int>() ?? 2,
                Units = body["units"]?.GetValue<int>() ?? 1,
                State = body["state"]?.GetValue<string>() ?? PlatformJobState.Pending,
                UniqueKey = body["unique"]?.GetValue<string>(),
                User = http.Caller().User,
            });
            results.Add(result.Error is { } error
                ? new JsonObject { ["request"] = body.DeepClone(), ["error"] = error }.ToJsonString()
                : new JsonObject { ["key"] = result.Key, ["auth"] = result.Token }.ToJsonString());
        }
        return PlatformHttp.Lines(results);
    }

    private static async Task<IResult> StartJob(HttpContext http, string p)
    {
        var project = http.Project(p);
        var lines = await PlatformHttp.ReadLinesAsync(http.Request);
        var parameters = lines.Count > 0 ? PlatformHttp.ParseObject(lines[0], "the start parameters") : [];
        parameters.Remove("botgroup");
        var started = await http.Grains().GetGrain<IPlatformProjectGrain>(project).StartNextAsync(parameters.ToJsonString(), http.Caller().User);
        return started is null ? PlatformHttp.Empty() : PlatformHttp.OneRaw(started);
    }

    private static async Task<IResult> Update(HttpContext http, string p)
    {
        // A job's token may update its own job (as Scrapy Cloud runners finish theirs), nothing else.
        var project = http.SharedProject(p);
        var results = new List<string>();
        foreach (var line in await PlatformHttp.ReadLinesAsync(http.Request))
        {
            var body = PlatformHttp.ParseObject(line, "the update");
            var key = body["key"]?.GetValue<string>() ?? throw new PlatformHttpException(400, "Each update needs a 'key'.");
            var state = body["state"]?.GetValue<string>();
            var extras = body.DeepClone().AsObject();
            extras.Remove("key");
            extras.Remove("state");
            List<PlatformJobKey> keys;
            if (PlatformJobKey.TryParse(key, out var one))
            {
                keys = [one];
            }
            else if (key.Split('/') is [var kp, var ks] && int.TryParse(ks, out var spider) && kp == p)
            {
                keys = [.. (await http.Store<IPlatformJobStore>().JobListAsync(new PlatformJobListParams(project, spider,
                    [PlatformJobState.Pending, PlatformJobState.Running, PlatformJobState.Finished]))).Select(j => j.Key)];
            }
            else
            {
                throw new PlatformHttpException(400, $"'{key}' is neither a job key nor a spider key.");
            }
            foreach (var job in keys.Where(k => k.Project == project))
            {
                http.Caller().DemandJob(job);
                var transition = await http.Grains().GetGrain<IPlatformJobGrain>(job.ToString()).UpdateAsync(state, extras.ToJsonString(), http.Caller().User);
                if (transition is not null)
                {
                    results.Add(new JsonObject { ["key"] = job.ToString(), ["prevstate"] = transition.PreviousState }.ToJsonString());
                }
            }
        }
        return PlatformHttp.Lines(results);
    }

    private static async Task<IResult> Cancel(HttpContext http, string p)
    {
        var project = http.Project(p);
        var text = await PlatformHttp.ReadTextAsync(http.Request);
        var count = PlatformHttp.Int(http.Request, "count");
        if (string.IsNullOrWhiteSpace(text) == (count is null))
        {
            throw new PlatformHttpException(400, "Cancel takes either a list of job keys or ?count=N, not both and not neither.");
        }
        List<PlatformJobKey> keys;
        if (count is { } n)
        {
            if (!http.Caller().Admin)
            {
                throw new PlatformHttpException(403, "Cancelling by count is for administrators.");
            }
            keys = [.. (await http.Store<IPlatformJobStore>().JobListAsync(new PlatformJobListParams(project, null, [PlatformJobState.Pending, PlatformJobState.Running])))
                .OrderBy(j => j.Timestamp).Take(n).Select(j => j.Key)];
        }
        else
        {
            var list = PlatformHttp.Parse(text, "the keys") as JsonArray ?? throw new PlatformHttpException(400, "Cancel takes a JSON array of {\"key\": ...} objects.");
            if (list.Count > 1000)
            {
                throw new PlatformHttpException(400, $"At most 1000 jobs can be cancelled at once; {list.Count} were given.");
            }
            keys = [.. list.Select(e => e is JsonObject o ? o["key"]?.ToString() : e?.ToString())
                .Select(k => PlatformJobKey.TryParse(k, out var key) ? key : (PlatformJobKey?)null)
                .Where(k => k?.Project == project).Select(k => k!.Value)];
        }
        var cancelled = 0;
        foreach (var key in keys)
        {
            if (await http.Grains().GetGrain<IPlatformJobGrain>(key.ToString()).CancelAsync(http.Caller().User))
            {
                cancelled++;
            }
        }
        return PlatformHttp.One(new JsonObject { ["count"] = cancelled });
    }

    private static async Task<IResult> CancelOne(HttpContext http, string p, string s, string j)
    {
        var cancelled = await Job(http, p, s, j).CancelAsync(http.Caller().User);
        return PlatformHttp.One(new JsonObject { ["count"] = cancelled ? 1 : 0 });
    }

    private static async Task<IResult> Count(HttpContext http, string p)
    {
        var project = http.Project(p);
        return PlatformHttp.One((await PlatformJobSummaries.QueryAsync(http, project, null, s_finished)).Count);
    }

    private static async Task<IResult> List(HttpContext http, string p)
    {
        var project = http.Project(p);
        var jobs = await PlatformJobSummaries.QueryAsync(http, project, null, s_finished);
        var start = PlatformHttp.Int(http.Request, "start") ?? 0;
        var count = Math.Min(PlatformHttp.Int(http.Request, "count") ?? 1000, 1000);
        IEnumerable<PlatformJobRecord> page = jobs.Skip(start);
        if (PlatformHttp.Text(http.Request, "stop") is { } stop)
        {
            page = page.TakeWhile(j => j.Key.ToString() != stop);
        }
        var now = http.Now();
        var jobmeta = PlatformHttp.All(http.Request, "jobmeta");
        return PlatformHttp.Lines(page.Take(count).Select(j => PlatformJobSummaries.Summary(j, now, jobmeta).ToJsonString()).ToList());
    }

    private static async Task<IResult> Summary(HttpContext http, string p, int? spider, string? state)
    {
        var project = http.Project(p);
        string[] states = state is null ? [PlatformJobState.Pending, PlatformJobState.Running, PlatformJobState.Finished] : [state];
        if (!states.All(PlatformJobState.IsValid))
        {
            throw new PlatformHttpException(400, $"Unknown state '{state}': use pending, running or finished.");
        }
        var jobs = await http.Store<IPlatformJobStore>().JobListAsync(new PlatformJobListParams(project, spider, states));
        var start = PlatformHttp.Int(http.Request, "start") ?? 0;
        var count = PlatformHttp.Int(http.Request, "count") ?? 5;
        var now = http.Now();
        var jobmeta = PlatformHttp.All(http.Request, "jobmeta");
        var lines = states.Select(name =>
        {
            var inState = jobs.Where(j => j.State == name).ToList();
            return new JsonObject
            {
                ["count"] = inState.Count,
                ["name"] = name,
                ["summary"] = new JsonArray([.. inState.Skip(start).Take(count).Select(j => (JsonNode)PlatformJobSummaries.Summary(j, now, jobmeta))]),
            }.ToJsonString();
        }).ToList();
        return PlatformHttp.Lines(lines);
    }

    private static async Task<IResult> JobSummary(HttpContext http, string p)
    {
        var project = http.Project(p);
        var now = http.Now();
        var jobmeta = PlatformHttp.All(http.Request, "jobmeta");
        var lines = new List<string>();
        foreach (var text in PlatformHttp.All(http.Request, "key"))
        {
            var key = PlatformEndpoints.JobKey(text);
            if (key.Project == project && await http.Store<IPlatformJobStore>().JobGetAsync(key) is { } job)
            {
                var summary = PlatformJobSummaries.Summary(job, now, jobmeta.Count == 0 ? ["_"] : jobmeta);
                lines.Add(summary.ToJsonString());
            }
        }
        return PlatformHttp.Lines(lines);
    }
}
