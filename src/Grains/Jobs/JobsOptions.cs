namespace JobRuntime.Grains.Jobs;

/// <summary>Options of the job engine (configuration section <c>JobRuntime:Jobs</c>).</summary>
public sealed class JobsOptions
{
    /// <summary>Task batches running at once in this silo, shared by all jobs in proportion to their bids. Default: twice the processor count.</summary>
    public int Concurrency { get; set; } = 2 * Environment.ProcessorCount;

    /// <summary>The most tasks handed to an executor at once. Default: 512.</summary>
    public int BatchSize { get; set; } = 512;

    /// <summary>The most tasks a chunk (the unit of durability and placement) holds. Default: 4096.</summary>
    public int ChunkMaxTasks { get; set; } = 4_096;

    /// <summary>
    /// The most bytes of task input a chunk holds (a single larger task gets a chunk of its own);
    /// it keeps a chunk's state within what every engine stores in one row or entity. Default: 256 KiB.
    /// </summary>
    public int ChunkMaxBytes { get; set; } = 256 << 10;

    /// <summary>
    /// How often a job with unfinished tasks makes sure that each of its chunks is running (after a
    /// silo that held one died, the chunk starts again on another). Default: 5 seconds.
    /// </summary>
    public TimeSpan ResumeInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The most bytes one grain state write of the engine may take (a chunk's progress, a page of
    /// its inputs or outcomes, the job's state, a segment of its index). Pages carry at most
    /// three quarters of it, less 4 KiB, so that a state still fits when the storage serializer
    /// writes its bytes as base64 text. Default: 768 KiB, under Azure Table's 1 MB entity limit.
    /// </summary>
    public int MaxStateBytes { get; set; } = 768 << 10;

    /// <summary>
    /// A job's storage quota: its tasks' inputs plus its stored outcomes, in bytes. A submission
    /// that would take a job past it is refused whole with a <see cref="GrainInterfaces.JobLimitException"/>.
    /// Default: 4 GiB.
    /// </summary>
    public long MaxJobBytes { get; set; } = 4L << 30;
}
