using JobRuntime.GrainInterfaces;

namespace JobRuntime.Grains.Jobs;

/// <summary>
/// What a chunk stores: its tasks (input while pending; outcome, console output and the step
/// that recorded it once ended) and how far the job has acknowledged its steps.
/// </summary>
[GenerateSerializer, Alias("JobRuntime.ChunkState")]
public sealed class ChunkState
{
    /// <summary>The job's program, kind and options; null until the first append.</summary>
    [Id(0)] public ChunkProgram? Program { get; set; }

    /// <summary>The index of the chunk's first task in the job.</summary>
    [Id(1)] public long First { get; set; }

    /// <summary>Each task's input (JSON text) while it is pending; null once it ended.</summary>
    [Id(2)] public List<string?> Inputs { get; set; } = [];

    /// <summary>Each task's state: <see cref="Pending"/>, <see cref="Done"/> or <see cref="Failed"/>.</summary>
    [Id(3)] public List<byte> States { get; set; } = [];

    /// <summary>Each ended task's outcome: its result's JSON, or its <see cref="TaskError"/> as JSON.</summary>
    [Id(4)] public List<string?> Outcomes { get; set; } = [];

    /// <summary>Each ended task's console output, when it printed any.</summary>
    [Id(5)] public List<string[]?> Logs { get; set; } = [];

    /// <summary>The step that recorded each ended task (0 while pending).</summary>
    [Id(6)] public List<int> Steps { get; set; } = [];

    /// <summary>How many times each task was run, counting the run that recorded its outcome.</summary>
    [Id(7)] public List<int> Attempts { get; set; } = [];

    /// <summary>The compute time of each step, in milliseconds (index: step - 1).</summary>
    [Id(8)] public List<long> StepCompute { get; set; } = [];

    /// <summary>The last step recorded.</summary>
    [Id(9)] public int Step { get; set; }

    /// <summary>The last step the job is known to have acknowledged (steps after it are reported again).</summary>
    [Id(10)] public int AckedStep { get; set; }

    /// <summary>A task not yet run to an end.</summary>
    public const byte Pending = 0;

    /// <summary>A task that has a result.</summary>
    public const byte Done = 2;

    /// <summary>A task that has an error.</summary>
    public const byte Failed = 3;
}
