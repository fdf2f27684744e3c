using System.Security.Claims;
using JobRuntime.Client.Jobs;
using JobRuntime.GrainInterfaces;
using JobRuntime.Silo.Security;

namespace JobRuntime.Silo.WebConsole;

/// <summary>
/// The jobs area of the console: the list of the user's jobs at <c>/</c> and a page per job, each
/// kept live by a server-sent event stream that the silo drives from the jobs' Orleans streams.
/// Creating, submitting and deleting go through the jobs API from the page's script.
/// </summary>
internal static class JobsConsole
{
    /// <summary>How many results and errors a job page shows.</summary>
    public const int Tail = 20;

    // A page reads at most this many events of a log for its tail; past it the tail starts live.
    private const int TailReadLimit = 10_000;

    public static void MapJobsConsole(this RouteGroupBuilder console)
    {
        console.MapGet("/", ListPage);
        console.MapGet("/console/jobs/{id}", JobPage);
        console.MapGet("/console/events/jobs", (ClaimsPrincipal user, IClusterClient client, TimeProvider time, HttpContext context) =>
            TypedResults.ServerSentEvents(JobListFeed.ReadAsync(new JobClient(client, ConsoleEndpoints.User(user)), time, context.RequestAborted))).WithStreamingResponse();
        console.MapGet("/console/events/jobs/{id}", JobEvents).WithStreamingResponse();
    }

    private static async Task<IResult> ListPage(ClaimsPrincipal user, IClusterClient client)
    {
        var owner = ConsoleEndpoints.User(user);
        var jobs = await new JobClient(client, owner).ListJobsAsync();
        return ConsolePage.Render("Jobs", ConsoleAreas.Jobs, owner, JobsPages.List(jobs), "jobs.js");
    }

    private static async Task<IResult> JobPage(string id, ClaimsPrincipal user, IClusterClient client)
    {
        var owner = ConsoleEndpoints.User(user);
        var job = new JobClient(client, owner).OpenJob(id);
        if (await FindAsync(job, owner) is not { } info)
        {
            return ConsolePage.NotFound(ConsoleAreas.Jobs, owner, $"Job '{id}' does not exist or was deleted.");
        }
        var spec = await job.GetSpecAsync();
        var results = await TailAsync(job.ReadResultsAsync());
        var errors = await TailAsync(job.ReadErrorsAsync());
        return ConsolePage.Render($"Job {id}", ConsoleAreas.Jobs, owner, JobsPages.Job(info, spec, results, errors), "job.js");
    }

    private static async Task<IResult> JobEvents(string id, long? results, long? errors, ClaimsPrincipal user, IClusterClient client, TimeProvider time, HttpContext context)
    {
        var owner = ConsoleEndpoints.User(user);
        var job = new JobClient(client, owner).OpenJob(id);
        if (await FindAsync(job, owner) is null)
        {
            return TypedResults.NotFound(new Apis.ApiError($"Job '{id}' does not exist or was deleted."));
        }
        return TypedResults.ServerSentEvents(JobEventsFeed.ReadAsync(job, results, errors, time, context.RequestAborted));
    }

    // The job when it exists and is the user's; another user's job is reported like a missing one.
    private static async Task<JobInfo?> FindAsync(Job job, string owner)
    {
        try
        {
            var info = await job.GetInfoAsync();
            return info.Owner == owner ? info : null;
        }
        catch (JobNotFoundException)
        {
            return null;
        }
    }

    // The last events of a log, and whether the whole log was read (then the live stream resumes after the last).
    private static async Task<LogTail<T>> TailAsync<T>(IAsyncEnumerable<Positioned<T>> log)
    {
        var tail = new Queue<Positioned<T>>(Tail);
        var read = 0;
        long last = 0;
        await foreach (var item in log)
        {
            if (++read > TailReadLimit)
            {
                return new LogTail<T>([.. tail.Reverse()], null);
            }
            last = item.Position;
            if (tail.Count == Tail)
            {
                tail.Dequeue();
            }
            tail.Enqueue(item);
        }
        return new LogTail<T>([.. tail.Reverse()], last);
    }
}

/// <summary>The newest events of a job's log, newest first, and the position a live stream resumes after (null: from now).</summary>
internal sealed record LogTail<T>(Positioned<T>[] Items, long? After);
