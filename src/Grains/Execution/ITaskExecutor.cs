using System.Text.Json;
using JobRuntime.GrainInterfaces;

namespace JobRuntime.Grains.Execution;

/// <summary>
/// Runs the tasks of one job's program: JavaScript in Node.js language workers, or a .NET handler.
/// Executors never throw for a task's own failure: each task ends with a <see cref="TaskOutcome"/>.
/// </summary>
public interface ITaskExecutor
{
    /// <summary>Checks a program before a job is created; returns null when it is fine, else the error (with line and column for syntax errors).</summary>
    Task<string?> CheckProgramAsync(string program, CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="tasks"/> of a job. Returns one outcome per task that ran to an end
    /// (result, program error, timeout or limit); tasks it could not run (their worker was killed
    /// for another task's timeout) are left out, so the caller re-queues them.
    /// </summary>
    Task<IReadOnlyList<TaskOutcome>> RunAsync(JobProgram program, IReadOnlyList<TaskInput> tasks, CancellationToken cancellationToken);
}

/// <summary>A job's program and its limits, as executors see it.</summary>
/// <param name="JobId">The job's id (workers compile once per job and cache by it).</param>
/// <param name="Text">The program text (JavaScript) or handler name (.NET).</param>
/// <param name="TaskTimeout">Time limit per task.</param>
/// <param name="MemoryLimitMb">Memory limit per worker process (JavaScript).</param>
/// <param name="OutputLimitBytes">Limit of a task's serialized result and of its captured console output.</param>
public sealed record JobProgram(string JobId, string Text, TimeSpan TaskTimeout, int MemoryLimitMb, int OutputLimitBytes);

/// <summary>One task: its index in the job and its input as raw JSON.</summary>
public readonly record struct TaskInput(long Index, JsonElement Data);

/// <summary>
/// How a task ended: <see cref="Result"/> (raw JSON) when it succeeded, else <see cref="Error"/>.
/// <see cref="Log"/> holds its captured console output (bounded). <see cref="Elapsed"/> is its compute time.
/// </summary>
public sealed record TaskOutcome(long Index, JsonElement? Result, TaskError? Error, string[] Log, TimeSpan Elapsed);
