namespace JobRuntime.Grains.Jobs;

/// <summary>
/// What a chunk stores: the job's program, where the chunk starts, its steps, and its tasks packed
/// in one blob (<see cref="ChunkTasks.Encode"/>): a grain storage serializer then writes a few
/// fields and one byte array, however many tasks the chunk holds.
/// </summary>
[GenerateSerializer, Alias("JobRuntime.ChunkState")]
public sealed class ChunkState
{
    /// <summary>The job's program, kind and options; null until the first append.</summary>
    [Id(0)] public ChunkProgram? Program { get; set; }

    /// <summary>The index of the chunk's first task in the job.</summary>
    [Id(1)] public long First { get; set; }

    /// <summary>The chunk's tasks (<see cref="ChunkTasks"/>), packed.</summary>
    [Id(2)] public byte[] Tasks { get; set; } = [];

    /// <summary>The compute time of each step, in milliseconds (index: step - 1).</summary>
    [Id(3)] public List<long> StepCompute { get; set; } = [];

    /// <summary>The last step recorded.</summary>
    [Id(4)] public int Step { get; set; }

    /// <summary>The last step the job is known to have acknowledged (steps after it are reported again).</summary>
    [Id(5)] public int AckedStep { get; set; }
}
