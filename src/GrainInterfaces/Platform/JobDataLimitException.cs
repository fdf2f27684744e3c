namespace JobRuntime.GrainInterfaces.Platform;

/// <summary>
/// An upload to a platform job was refused whole: with it, the job's data (items, logs, requests
/// and samples) would weigh more than the platform's per-job limit. The message names the job and the limit.
/// </summary>
[GenerateSerializer, Alias("JobRuntime.Platform.JobDataLimitException")]
public sealed class JobDataLimitException(string message) : JobRuntimeException(message);
