using JobRuntime.GrainInterfaces;

namespace JobRuntime.Grains.Jobs;

/// <summary>
/// What a job stores: its definition, counters, its chunks, and the open segment of the index of
/// the steps that gave its outcomes their positions (the index <see cref="IJobGrain.ReadResults"/>
/// reads by; full segments are pages of their own).
/// </summary>
[GenerateSerializer, Alias("JobRuntime.JobState")]
public sealed class JobState
{
    /// <summary>The program, kind and options; null before the job is created.</summary>
    [Id(0)] public ChunkProgram? Program { get; set; }

    /// <summary>The user the job belongs to.</summary>
    [Id(1)] public string Owner { get; set; } = "";

    /// <summary>True once the job is deleted.</summary>
    [Id(2)] public bool Deleted { get; set; }

    /// <summary>When the job was created.</summary>
    [Id(3)] public DateTimeOffset Created { get; set; }

    /// <summary>When tasks or outcomes were last added.</summary>
    [Id(4)] public DateTimeOffset Modified { get; set; }

    /// <summary>When the last outcome was recorded.</summary>
    [Id(5)] public DateTimeOffset? LastOutcome { get; set; }

    /// <summary>Tasks submitted.</summary>
    [Id(6)] public long Total { get; set; }

    /// <summary>Tasks with a result (also the position of the last result).</summary>
    [Id(7)] public long Finished { get; set; }

    /// <summary>Tasks with an error (also the position of the last error).</summary>
    [Id(8)] public long Failed { get; set; }

    /// <summary>Compute time of the recorded outcomes, in milliseconds.</summary>
    [Id(9)] public long ComputeMilliseconds { get; set; }

    /// <summary>The index of each chunk's first task; a chunk ends where the next begins (the last at <see cref="Total"/>).</summary>
    [Id(10)] public List<long> ChunkFirsts { get; set; } = [];

    /// <summary>Input bytes in the last chunk (which takes appends until it is full).</summary>
    [Id(11)] public int LastChunkBytes { get; set; }

    /// <summary>Tasks ended in each chunk.</summary>
    [Id(12)] public List<int> ChunkEnded { get; set; } = [];

    /// <summary>The last step of each chunk that was recorded here.</summary>
    [Id(13)] public List<int> ChunkAcked { get; set; } = [];

    /// <summary>
    /// The recorded steps of the open segment of the index, in the order of their positions
    /// (<see cref="JobSteps"/>), packed; a full segment is written as a page of its own
    /// (<see cref="JobStepIndex"/>).
    /// </summary>
    [Id(14)] public byte[] Steps { get; set; } = [];

    /// <summary>True once the job is cancelled: it takes no more tasks, and its unstarted tasks end as cancelled.</summary>
    [Id(15)] public bool Cancelled { get; set; }

    /// <summary>The position of the first result of each written segment of the step index.</summary>
    [Id(16)] public List<long> SegmentFirstResults { get; set; } = [];

    /// <summary>The position of the first error of each written segment of the step index.</summary>
    [Id(17)] public List<long> SegmentFirstErrors { get; set; } = [];

    /// <summary>Bytes of the job's task inputs (counted against <see cref="JobsOptions.MaxJobBytes"/>).</summary>
    [Id(18)] public long InputBytes { get; set; }

    /// <summary>Bytes of the job's stored outcomes (counted against <see cref="JobsOptions.MaxJobBytes"/>).</summary>
    [Id(19)] public long OutcomeBytes { get; set; }

    /// <summary>The number of tasks in chunk <paramref name="chunk"/>.</summary>
    public long ChunkSize(int chunk) => (chunk + 1 < ChunkFirsts.Count ? ChunkFirsts[chunk + 1] : Total) - ChunkFirsts[chunk];
}
