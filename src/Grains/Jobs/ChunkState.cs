namespace JobRuntime.Grains.Jobs;

/// <summary>
/// What a chunk stores in its own state: the job's program, where the chunk starts, where each
/// task stands (<see cref="ChunkProgress"/>, packed) and its steps. A few bytes a task: the inputs
/// are in input pages (<c>in.{generation}.{page}</c>, written when tasks are appended) and each
/// step's outcomes in outcome pages (<c>out.{step}.{page}</c>), all under
/// <see cref="JobsOptions.MaxStateBytes"/>.
/// </summary>
[GenerateSerializer, Alias("JobRuntime.ChunkState")]
public sealed class ChunkState
{
    /// <summary>The job's program, kind and options; null until the first append.</summary>
    [Id(0)] public ChunkProgram? Program { get; set; }

    /// <summary>The index of the chunk's first task in the job.</summary>
    [Id(1)] public long First { get; set; }

    /// <summary>The compute time of each step, in milliseconds (index: step - 1).</summary>
    [Id(3)] public List<long> StepCompute { get; set; } = [];

    /// <summary>The last step recorded.</summary>
    [Id(4)] public int Step { get; set; }

    /// <summary>The last step the job is known to have acknowledged (steps after it are reported again).</summary>
    [Id(5)] public int AckedStep { get; set; }

    /// <summary>Where each task stands (<see cref="ChunkProgress"/>), packed.</summary>
    [Id(6)] public byte[] Progress { get; set; } = [];

    /// <summary>The number of outcome pages of each step (index: step - 1).</summary>
    [Id(7)] public List<int> StepPages { get; set; } = [];

    /// <summary>The generation of the input pages (each append writes a new one).</summary>
    [Id(8)] public int InputGeneration { get; set; }

    /// <summary>The number of input pages of the current generation.</summary>
    [Id(9)] public int InputPages { get; set; }
}
