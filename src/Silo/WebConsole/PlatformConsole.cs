using JobRuntime.Silo.Apis;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using JobRuntime.Storage.Platform;

namespace JobRuntime.Silo.WebConsole;

/// <summary>
/// The platform area of the console (the crawling platform's projects): a project's spiders, jobs
/// with their states and tags, collections and frontiers; a job's metadata, items and log, kept
/// live by a server-sent event stream that follows the job's state and records as they are written.
/// </summary>
internal static class PlatformConsole
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);

    /// <summary>How many items and log lines a job's page shows.</summary>
    public const int Shown = 100;

    public static readonly string[] ListedStates = [PlatformJobState.Pending, PlatformJobState.Running, PlatformJobState.Finished];

    public static void MapPlatformConsole(this RouteGroupBuilder console)
    {
        // The pages show every project: the platform's keys are not the console's users, so only
        // the jobs API's administrators see them (everyone while no users are configured).
        var platform = console.MapGroup("").RequireAuthorization(JobsApi.AdminPolicy);
        platform.MapGet("/console/platform", ProjectsPage);
        platform.MapGet("/console/platform/{project:long}", ProjectPage);
        platform.MapGet("/console/platform/jobs/{project:long}/{spider:int}/{job:int}", JobPage);
        platform.MapGet("/console/events/platform/jobs/{project:long}/{spider:int}/{job:int}", (long project, int spider, int job, long? items, long? logs, IServiceProvider services, TimeProvider time, HttpContext context) =>
            TypedResults.ServerSentEvents(ReadAsync(new PlatformJobKey(project, spider, job), items ?? 0, logs ?? 0, services, time, context.RequestAborted)));
    }

    private static async Task<IResult> ProjectsPage(ClaimsPrincipal user, IPlatformProjectStore projects, IPlatformJobStore jobs)
    {
        var list = new List<(long, int)>();
        foreach (var project in await projects.ProjectListAsync())
        {
            list.Add((project, (await jobs.JobListAsync(new PlatformJobListParams(project, null, ListedStates))).Count));
        }
        return ConsolePage.Render("Platform", ConsoleAreas.Platform, ConsoleEndpoints.User(user), PlatformPages.Projects(list));
    }

    private static async Task<IResult> ProjectPage(long project, ClaimsPrincipal user, IPlatformProjectStore projects, IPlatformJobStore jobs, IPlatformDataStore data, IPlatformCollectionStore collections, IPlatformFrontierStore frontiers)
    {
        var spiders = await projects.SpiderListAsync(project);
        var records = await jobs.JobListAsync(new PlatformJobListParams(project, null, ListedStates));
        var counts = new List<(PlatformJobRecord, long, long)>();
        foreach (var job in records.Take(200))
        {
            counts.Add((job, await data.DataCountAsync(job.Key, PlatformDataKind.Items), await data.DataCountAsync(job.Key, PlatformDataKind.Logs)));
        }
        var slots = new List<(string, IReadOnlyList<string>)>();
        foreach (var frontier in await frontiers.FrontierListAsync(project))
        {
            slots.Add((frontier, await frontiers.FrontierSlotListAsync(project, frontier)));
        }
        var body = PlatformPages.Project(project, spiders, counts, await collections.CollectionListAsync(project), slots);
        return ConsolePage.Render($"Project {project}", ConsoleAreas.Platform, ConsoleEndpoints.User(user), body);
    }

    private static async Task<IResult> JobPage(long project, int spider, int job, ClaimsPrincipal user, IPlatformJobStore jobs, IPlatformDataStore data)
    {
        var key = new PlatformJobKey(project, spider, job);
        if (await jobs.JobGetAsync(key) is not { } record)
        {
            return ConsolePage.NotFound(ConsoleAreas.Platform, ConsoleEndpoints.User(user), $"Platform job '{key}' does not exist.");
        }
        var items = await TailAsync(data, key, PlatformDataKind.Items, 0);
        var logs = await TailAsync(data, key, PlatformDataKind.Logs, 0);
        return ConsolePage.Render($"Platform job {key}", ConsoleAreas.Platform, ConsoleEndpoints.User(user), PlatformPages.Job(record, items, logs), "platform-job.js");
    }

    // The last records of a kind from index 'from' on (all of them would be too many for a page).
    private static async Task<IReadOnlyList<PlatformDataRecord>> TailAsync(IPlatformDataStore data, PlatformJobKey key, PlatformDataKind kind, long from)
    {
        var count = await data.DataCountAsync(key, kind);
        var start = Math.Max(from, count - Shown);
        return await data.DataReadAsync(new PlatformDataReadParams(key.Project, key.Spider, key.Job, kind, new PlatformDataRecordPosition(key.Spider, key.Job, start), null, null, Shown));
    }

    // "job" events when the job's state or record counts change, with the new items and log lines.
    private static async IAsyncEnumerable<SseItem<string>> ReadAsync(PlatformJobKey key, long items, long logs, IServiceProvider services, TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var jobs = services.GetRequiredService<IPlatformJobStore>();
        var data = services.GetRequiredService<IPlatformDataStore>();
        string? state = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var record = await jobs.JobGetAsync(key, cancellationToken);
            var itemCount = await data.DataCountAsync(key, PlatformDataKind.Items, cancellationToken);
            var logCount = await data.DataCountAsync(key, PlatformDataKind.Logs, cancellationToken);
            if (record?.State != state || itemCount > items || logCount > logs)
            {
                state = record?.State;
                var newItems = itemCount > items ? await TailAsync(data, key, PlatformDataKind.Items, items) : [];
                var newLogs = logCount > logs ? await TailAsync(data, key, PlatformDataKind.Logs, logs) : [];
                items = itemCount;
                logs = logCount;
                yield return JobEventsFeed.Event("job", new
                {
                    state = state ?? "deleted",
                    tags = PlatformPages.Tags(record),
                    items = itemCount,
                    logs = logCount,
                    newItems = newItems.Select(r => new { index = r.Index, data = r.Data }),
                    newLogs = newLogs.Select(r => new { index = r.Index, data = r.Data }),
                });
            }
            if (!await JobEventsFeed.DelayAsync(Tick, time, cancellationToken))
            {
                yield break;
            }
        }
    }
}
