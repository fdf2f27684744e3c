namespace JobRuntime.GrainInterfaces.Platform;

/// <summary>
/// A platform job (key: <c>project/spider/job</c>): its metadata and state transitions, its
/// append-only data, and, while it runs on this silo, its spider.
/// </summary>
public interface IPlatformJobGrain : IGrainWithStringKey
{
    /// <summary>The metadata JSON object, or null when there is no such job.</summary>
    Task<string?> GetMetadataAsync();

    /// <summary>Sets or replaces metadata keys (a JSON object; <c>state</c>, <c>auth</c> and <c>_key</c> are ignored); false when there is no such job.</summary>
    Task<bool> MergeMetadataAsync(string json);

    /// <summary>Removes a metadata key (a missing key is no error).</summary>
    Task DeleteMetadataAsync(string field);

    /// <summary>
    /// Moves the job to <paramref name="state"/> (when set) and merges <paramref name="extras"/> into
    /// its metadata; returns its previous state, or null when there is no such job.
    /// </summary>
    Task<PlatformJobTransition?> UpdateAsync(string? state, string extras, string user);

    /// <summary>Cancels: a pending job finishes (<c>cancelled</c>), a running one is asked to stop; false when neither.</summary>
    Task<bool> CancelAsync(string user);

    /// <summary>Appends records at <paramref name="start"/> (the next index when null); a batch sent again at the same start replaces itself.</summary>
    Task AppendAsync(PlatformJobData kind, long? start, PlatformRecords records);

    /// <summary>Deletes the job and all its data.</summary>
    Task PurgeAsync();

    /// <summary>Runs the job's spider on this silo (the project's dispatcher calls it on a pending job); false when it is not pending.</summary>
    Task<bool> RunAsync(string program, string user);

    /// <summary>True when the job's spider should stop: the job is no longer running, or a cancel was asked for (its runner asks, wherever the job's grain lives now).</summary>
    Task<bool> IsStopRequestedAsync();

    /// <summary>Ends a running job with a close reason (its runner calls it when the spider ends).</summary>
    Task CompleteAsync(string closeReason);
}

/// <summary>A state change: the state before, and the job's token when it started running.</summary>
[GenerateSerializer, Immutable, Alias("JobRuntime.Platform.JobTransition")]
public sealed record PlatformJobTransition([property: Id(0)] string PreviousState, [property: Id(1)] string? Token, [property: Id(2)] string Metadata);

/// <summary>The four append-only record streams of a job (the same numbers as the engine's).</summary>
public enum PlatformJobData
{
    /// <summary>Scraped items.</summary>
    Items = 0,

    /// <summary>Log records.</summary>
    Logs = 1,

    /// <summary>Requests made.</summary>
    Requests = 2,

    /// <summary>Samples.</summary>
    Samples = 3,
}
