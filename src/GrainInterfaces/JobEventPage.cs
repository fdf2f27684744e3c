namespace JobRuntime.GrainInterfaces;

/// <summary>
/// The event a job publishes on its results or errors stream: the outcomes recorded in one step,
/// at consecutive positions from <see cref="FirstPosition"/> (a job's results are at positions 1,
/// 2, 3...; its errors likewise). A subscriber that sees a page start past the position it expects
/// knows it missed one and reads the gap from the job (<see cref="IJobGrain.ReadResults"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("JobRuntime.JobEventPage`1")]
public sealed record JobEventPage<T>(long FirstPosition, T[] Items);
