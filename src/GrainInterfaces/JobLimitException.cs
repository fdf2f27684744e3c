namespace JobRuntime.GrainInterfaces;

/// <summary>
/// A job would grow past one of the engine's limits (its storage quota,
/// <c>JobRuntime:Jobs:MaxJobBytes</c>, or the size its index may take); the message names the job
/// and the limit. Nothing of the refused submission was kept. Over HTTP: 413.
/// </summary>
[GenerateSerializer, Alias("JobRuntime.JobLimitException")]
public sealed class JobLimitException(string message) : JobRuntimeException(message);
