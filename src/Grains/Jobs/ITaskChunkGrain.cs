using JobRuntime.GrainInterfaces;
using Orleans.Concurrency;

namespace JobRuntime.Grains.Jobs;

/// <summary>
/// A chunk of a job's tasks (key: <c>{job id}/{chunk number}</c>): up to
/// <see cref="JobsOptions.ChunkMaxTasks"/> consecutive tasks, their outcomes, and the runner that
/// executes them on the silo where the chunk is active. Its state (<see cref="ChunkState"/>) is a
/// few bytes a task; each step (a set of outcomes) writes the step's outcome pages and then that
/// state, never once per task. Only the job grain calls it.
/// </summary>
[Alias("JobRuntime.ITaskChunkGrain")]
public interface ITaskChunkGrain : IGrainWithStringKey
{
    /// <summary>
    /// Stores tasks from index <paramref name="first"/> on (durable on return). They run only once
    /// the job confirms them with <see cref="Run"/>; an append at an index the chunk already holds
    /// replaces the unconfirmed tasks from there (the job's earlier attempt that it never recorded).
    /// </summary>
    [Alias("Append")]
    Task Append(long first, string[] tasks, ChunkProgram program);

    /// <summary>Runs every pending task below <paramref name="confirmedEnd"/> (idempotent; the job calls it to resume a chunk after a failure).</summary>
    [Alias("Run")]
    Task Run(long confirmedEnd);

    /// <summary>
    /// The job was cancelled: starts no new task, and ends every task below
    /// <paramref name="confirmedEnd"/> that has not started with <see cref="TaskError.JobCancelled"/>
    /// (idempotent; the job calls it again until the chunk's tasks have all ended).
    /// </summary>
    [Alias("Cancel")]
    Task Cancel(long confirmedEnd);

    /// <summary>The outcomes recorded in step <paramref name="step"/>, in task order.</summary>
    [Alias("ReadStep"), AlwaysInterleave]
    Task<ChunkStep> ReadStep(int step);

    /// <summary>One task as stored, or null when the chunk does not hold it.</summary>
    [Alias("GetTask"), AlwaysInterleave]
    Task<TaskView?> GetTask(long index);

    /// <summary>Stops the chunk and deletes its state.</summary>
    [Alias("Delete")]
    Task Delete();
}

/// <summary>What a chunk needs to run its tasks: the job's program, kind and options.</summary>
[GenerateSerializer, Immutable, Alias("JobRuntime.ChunkProgram")]
public sealed record ChunkProgram(string Text, ProgramKind Kind, JobOptions Options);

/// <summary>
/// The outcomes a chunk recorded in one step, reported to the job, which gives them their positions.
/// </summary>
[GenerateSerializer, Immutable, Alias("JobRuntime.ChunkStep")]
public sealed record ChunkStep(int Chunk, int Step, TaskResult[] Results, TaskFailure[] Errors, long ComputeMilliseconds, long OutcomeBytes);
