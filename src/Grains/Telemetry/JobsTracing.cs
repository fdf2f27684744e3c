using System.Diagnostics;

namespace JobRuntime.Grains.Telemetry;

/// <summary>
/// The jobs' traces, on the activity source <see cref="SourceName"/>: creating a job and submitting
/// tasks (children of the HTTP request or client call, through Orleans' activity propagation) and
/// each batch a chunk runs in an executor (a child of the job's call that confirmed the chunk's
/// latest tasks, so a request's trace reaches the batches that ran its tasks).
/// </summary>
public static class JobsTracing
{
    /// <summary>The name of the jobs' activity source.</summary>
    public const string SourceName = "JobRuntime.Jobs";

    /// <summary>The activity source.</summary>
    public static ActivitySource Source { get; } = new(SourceName);

    /// <summary>
    /// Starts an activity about one job (null when nobody listens), a child of
    /// <paramref name="parent"/> when given, else of the current activity.
    /// </summary>
    public static Activity? StartJob(string name, string jobId, ActivityKind kind = ActivityKind.Internal, ActivityContext parent = default)
    {
        var activity = Source.StartActivity(name, kind, parent);
        activity?.SetTag("jobruntime.job.id", jobId);
        return activity;
    }
}
