namespace JobRuntime.Storage.Platform;

/// <summary>
/// The states of a platform job, mirrored by the CHECK constraint of <c>platform_jobs.state</c>.
/// </summary>
public static class PlatformJobState
{
    /// <summary>Scheduled, waiting for capacity (moved in by schedule or update; out by the project's dispatcher, startjob, update or cancel).</summary>
    public const string Pending = "pending";

    /// <summary>Started by the project's dispatcher or by <c>startjob</c>; moved out by its runner, an update or a cancel.</summary>
    public const string Running = "running";

    /// <summary>Ended, with a close reason (by its runner, an update, or a cancel of a pending job).</summary>
    public const string Finished = "finished";

    /// <summary>Deleted by an update; kept until purged.</summary>
    public const string Deleted = "deleted";

    /// <summary>True for the four states.</summary>
    public static bool IsValid(string? state) => state is Pending or Running or Finished or Deleted;
}
