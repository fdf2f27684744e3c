namespace JobRuntime.Storage.Platform;

/// <summary>A platform job as stored: the indexed columns and the whole metadata as one JSON object.</summary>
/// <param name="Key">The job's key.</param>
/// <param name="State">One of <see cref="PlatformJobState"/>.</param>
/// <param name="Priority">0-4; higher runs first.</param>
/// <param name="Units">Capacity units the job takes while running.</param>
/// <param name="Timestamp">The last state change, in Unix milliseconds.</param>
/// <param name="UniqueKey">The push's <c>unique</c> value, refused while another active job has it.</param>
/// <param name="RunKey">The spider and its arguments, refused while another active job has it (dash run).</param>
/// <param name="TokenHash">SHA-256 of the job's token, when it has one.</param>
/// <param name="Metadata">The metadata JSON object (state, times, tags, arguments, custom keys).</param>
public sealed record PlatformJobRecord(
    PlatformJobKey Key, string State, int Priority, int Units, long Timestamp,
    string? UniqueKey, string? RunKey, byte[]? TokenHash, string Metadata);

/// <summary>Which jobs <see cref="IPlatformJobStore.JobListAsync"/> returns.</summary>
/// <param name="Project">The project.</param>
/// <param name="Spider">Only this spider's jobs, when set.</param>
/// <param name="States">Only jobs in these states (none: every state).</param>
/// <param name="StartTs">Only jobs whose last change is at or after this time (ms), when set.</param>
/// <param name="EndTs">Only jobs whose last change is before this time (ms), when set.</param>
public sealed record PlatformJobListParams(long Project, int? Spider, IReadOnlyList<string> States, long? StartTs = null, long? EndTs = null);
