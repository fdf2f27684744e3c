using System.Text.Json.Nodes;
using JobRuntime.GrainInterfaces.Platform;
using JobRuntime.Storage.Platform;
using Microsoft.Extensions.Options;

namespace JobRuntime.Grains.Platform;

/// <summary>See <see cref="IPlatformProjectGrain"/>. Its state is the engine's rows; the grain only serializes the queue's decisions.</summary>
internal sealed class PlatformProjectGrain(
    IPlatformProjectStore projects,
    IPlatformJobStore jobs,
    IOptions<PlatformOptions> options,
    TimeProvider clock) : Grain, IPlatformProjectGrain
{
    private long Project => this.GetPrimaryKeyLong();

    public async Task<PlatformPushResult> PushAsync(PlatformPushRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!PlatformJobState.IsValid(request.State))
        {
            return new PlatformPushResult(null, null, $"Unknown state '{request.State}': use pending, running, finished or deleted.", false);
        }
        if (request.Priority is < 0 or > 4)
        {
            return new PlatformPushResult(null, null, $"Priority must be from 0 to 4; it is {request.Priority}.", false);
        }
        if (request.Units < 1)
        {
            return new PlatformPushResult(null, null, $"Units must be at least 1; it is {request.Units}.", false);
        }
        var spider = request.SpiderMustExist
            ? await projects.SpiderGetByNameAsync(Project, request.Spider)
            : await projects.SpiderEnsureAsync(Project, request.Spider);
        if (spider is null)
        {
            return new PlatformPushResult(null, null, $"Spider {request.Spider} not found in project {Project}.", false);
        }
        if (await jobs.JobFindActiveAsync(Project, request.UniqueKey, request.RunKey) is { } active)
        {
            var message = request.UniqueKey is not null
                ? $"Active job exists with key {request.UniqueKey}"
                : $"{request.Spider} already scheduled (job {active})";
            return new PlatformPushResult(null, null, message, true);
        }
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var metadata = new JsonObject
        {
            ["project"] = Project,
            ["spider"] = spider.Name,
            ["spider_type"] = "manual",
            ["priority"] = request.Priority,
            ["units"] = request.Units,
            ["tags"] = new JsonArray(),
        };
        var record = new PlatformJobRecord(new PlatformJobKey(Project, spider.Id, 0), PlatformJobState.Pending,
            request.Priority, request.Units, now, request.UniqueKey, request.RunKey, null, "{}");
        record = PlatformJobMetadata.Merge(record, metadata, PlatformJobMetadata.Parse(request.Metadata));
        PlatformJobMetadata.ZeroCounters(metadata);
        PlatformJobMetadata.Stamp(metadata, PlatformJobState.Pending, now, request.User);
        metadata["scheduled_by"] = request.User;
        record = await jobs.JobInsertAsync(record with { Metadata = PlatformJobMetadata.ToJson(metadata) });
        var key = record.Key.ToString();
        string? token = null;
        if (request.State != PlatformJobState.Pending)
        {
            token = (await GrainFactory.GetGrain<IPlatformJobGrain>(key).UpdateAsync(request.State, "{}", request.User))?.Token;
        }
        else
        {
            await DispatchCoreAsync();
        }
        return new PlatformPushResult(key, token, null, false);
    }

    public async Task<string?> StartNextAsync(string parametersJson, string user)
    {
        foreach (var pending in await PendingAsync())
        {
            var transition = await GrainFactory.GetGrain<IPlatformJobGrain>(pending.Key.ToString()).UpdateAsync(PlatformJobState.Running, parametersJson, user);
            if (transition is { PreviousState: PlatformJobState.Pending })
            {
                var metadata = PlatformJobMetadata.Parse(transition.Metadata);
                metadata["key"] = pending.Key.ToString();
                metadata["auth"] = transition.Token;
                return PlatformJobMetadata.ToJson(metadata);
            }
        }
        return null;
    }

    public Task DispatchAsync() => DispatchCoreAsync();

    public async Task<PlatformProjectSummary> GetSummaryAsync()
    {
        var all = await jobs.JobListAsync(new PlatformJobListParams(Project, null, [PlatformJobState.Pending, PlatformJobState.Running, PlatformJobState.Finished]));
        return new PlatformProjectSummary(Project,
            all.Count(j => j.State == PlatformJobState.Pending),
            all.Count(j => j.State == PlatformJobState.Running),
            all.Count(j => j.State == PlatformJobState.Finished),
            all.Where(j => j.State == PlatformJobState.Running).Sum(j => j.Units),
            options.Value.ProjectUnits);
    }

    private async Task DispatchCoreAsync()
    {
        var running = await jobs.JobListAsync(new PlatformJobListParams(Project, null, [PlatformJobState.Running]));
        var free = options.Value.ProjectUnits - running.Sum(j => j.Units);
        var programs = new Dictionary<int, string?>();
        foreach (var pending in await PendingAsync())
        {
            if (pending.Units > free)
            {
                continue;
            }
            if (!programs.TryGetValue(pending.Key.Spider, out var program))
            {
                program = programs[pending.Key.Spider] = (await projects.SpiderGetAsync(Project, pending.Key.Spider))?.Program;
            }
            if (program is null)
            {
                continue; // started by an external runner (startjob)
            }
            if (await GrainFactory.GetGrain<IPlatformJobGrain>(pending.Key.ToString()).RunAsync(program, "jobruntime"))
            {
                free -= pending.Units;
            }
        }
    }

    // Highest priority first, then oldest.
    private async Task<IEnumerable<PlatformJobRecord>> PendingAsync() =>
        (await jobs.JobListAsync(new PlatformJobListParams(Project, null, [PlatformJobState.Pending])))
            .OrderByDescending(j => j.Priority).ThenBy(j => j.Timestamp).ThenBy(j => j.Key.Spider).ThenBy(j => j.Key.Job);
}
