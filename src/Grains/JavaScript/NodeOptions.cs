namespace JobRuntime.Grains.JavaScript;

/// <summary>
/// Options of the JavaScript executor's Node.js language workers (configuration section
/// <c>JobRuntime:Node</c>). Per-job limits (time per task, memory, output) come with the job.
/// </summary>
public sealed class NodeOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "JobRuntime:Node";

    /// <summary>The <c>node</c> executable. Default: null, meaning <c>node</c> is looked up on PATH.</summary>
    public string? Path { get; set; }

    /// <summary>How many worker processes run at most. Default: <see cref="Environment.ProcessorCount"/>.</summary>
    public int Workers { get; set; } = Environment.ProcessorCount;

    /// <summary>How many jobs' compiled programs a worker keeps; the least recently used is dropped. Default: 32.</summary>
    public int ProgramsPerWorker { get; set; } = 32;

    /// <summary>How often a worker's resident memory is checked against its limit. Default: 200 ms.</summary>
    public TimeSpan MemoryCheckInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// A worker is killed when its resident memory exceeds this factor times the job's memory limit
    /// (the V8 heap limit) plus <see cref="MemoryBaselineMb"/>. Default: 1.5.
    /// </summary>
    public double MemoryLimitFactor { get; set; } = 1.5;

    /// <summary>The resident memory of an idle worker allowed on top of the job's limit, in MB. Default: 64 MB.</summary>
    public int MemoryBaselineMb { get; set; } = 64;

    /// <summary>The heap limit of workers started to check a program, in MB. Default: 256 MB.</summary>
    public int CheckMemoryLimitMb { get; set; } = 256;

    /// <summary>How long a program's top-level code may run when it is checked. Default: 5 seconds.</summary>
    public TimeSpan CheckTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a worker may take to start and report ready. Default: 10 seconds.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
