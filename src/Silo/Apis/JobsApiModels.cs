using JobRuntime.GrainInterfaces;

namespace JobRuntime.Silo.Apis;

/// <summary>Every error of the API: <c>{"message": "..."}</c>.</summary>
/// <param name="Message">What went wrong, for a person.</param>
public sealed record ApiError(string Message);

/// <summary>
/// The body of <c>POST /jobs/</c>: CrowdProcess's <c>{"program", "bid", "group"}</c> plus our
/// optional <c>kind</c> ("javascript", the default, or "dotnet"), <c>taskTimeout</c> (seconds),
/// <c>memoryLimitMb</c> and <c>outputLimitBytes</c>.
/// </summary>
public sealed record CreateJobRequest(
    string? Program,
    double? Bid = null,
    string? Group = null,
    string? Kind = null,
    double? TaskTimeout = null,
    int? MemoryLimitMb = null,
    int? OutputLimitBytes = null);

/// <summary>The answer to <c>POST /jobs/</c>.</summary>
/// <param name="Id">The new job's id.</param>
public sealed record JobCreated(string Id);

/// <summary>The answer to <c>POST /jobs/{id}/tasks</c>.</summary>
/// <param name="Submitted">How many tasks the body held; all are durable.</param>
public sealed record TasksSubmitted(long Submitted);

/// <summary>A job as CrowdProcess listed it (timestamps in ISO 8601 UTC), plus its program kind.</summary>
public sealed record JobResponse(
    string Id,
    string Status,
    double Bid,
    double BrowserHours,
    DateTime Created,
    DateTime Modified,
    DateTime? LastResult,
    long Finished,
    long Failed,
    long Total,
    string Kind)
{
    /// <summary>The API's view of a job.</summary>
    public static JobResponse From(JobInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return new(
            info.Id, info.Status, info.Bid, info.BrowserHours,
            info.Created.UtcDateTime, info.Modified.UtcDateTime, info.LastResult?.UtcDateTime,
            info.Finished, info.Failed, info.Total,
            KindName(info.Kind));
    }

    /// <summary>The name of a program kind in the API ("javascript" or "dotnet").</summary>
    public static string KindName(ProgramKind kind) => kind == ProgramKind.DotNet ? "dotnet" : "javascript";
}
