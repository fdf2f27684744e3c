using System.Text.Json;
using Orleans.Concurrency;

namespace JobRuntime.GrainInterfaces;

/// <summary>
/// A job: a program (JavaScript <c>function Run(d)</c> or a registered .NET handler) applied to a
/// stream of tasks. The key is the job id. Each result and each error gets a position when it is
/// recorded (results 1, 2, 3... in the order they were recorded; errors likewise);
/// <see cref="ReadResults"/> and <see cref="ReadErrors"/> read them by position, and they are
/// published as <see cref="JobEventPage{T}"/>s on the streams ("results", id) and ("errors", id) of
/// the <see cref="JobStreams.Provider"/> stream provider.
/// </summary>
[Alias("JobRuntime.IJobGrain")]
public interface IJobGrain : IGrainWithStringKey
{
    /// <summary>Creates the job; the program is checked first.</summary>
    /// <exception cref="InvalidJobException">The program does not compile (the message has line and column), its kind is unavailable, or an option is out of range.</exception>
    [Alias("Create")]
    Task<JobInfo> Create(JobSpec spec);

    /// <summary>The job's fields and counters.</summary>
    /// <exception cref="JobNotFoundException">No such job (or it was deleted).</exception>
    [Alias("GetInfo"), AlwaysInterleave]
    Task<JobInfo> GetInfo();

    /// <summary>What the job was created with: its program, kind, owner and options.</summary>
    /// <exception cref="JobNotFoundException">No such job (or it was deleted).</exception>
    [Alias("GetSpec")]
    Task<JobSpec> GetSpec();

    /// <summary>Appends tasks; they are durable when this returns. Returns the index of the first and how many.</summary>
    [Alias("SubmitTasks")]
    Task<TaskRange> SubmitTasks(JsonElement[] tasks);

    /// <summary>Appends tasks given as their JSON text, one value each (see <see cref="SubmitTasks"/>).</summary>
    /// <exception cref="InvalidTaskException">A text is not one JSON value (the message gives its place in the call).</exception>
    [Alias("SubmitJson")]
    Task<TaskRange> SubmitJson(string[] tasks);

    /// <summary>One task: its state, attempts, result or error and console output.</summary>
    [Alias("GetTask"), AlwaysInterleave]
    Task<TaskView> GetTask(long index);

    /// <summary>Up to <paramref name="max"/> results recorded after position <paramref name="after"/> (0: from the first), in order.</summary>
    [Alias("ReadResults"), AlwaysInterleave]
    Task<Positioned<TaskResult>[]> ReadResults(long after, int max);

    /// <summary>Up to <paramref name="max"/> errors recorded after position <paramref name="after"/> (0: from the first), in order.</summary>
    [Alias("ReadErrors"), AlwaysInterleave]
    Task<Positioned<TaskFailure>[]> ReadErrors(long after, int max);

    /// <summary>
    /// Cancels the job (idempotent): it is recorded durably, the job takes no more tasks, its
    /// chunks start no new task, and every task that has not started ends with an error of type
    /// <see cref="TaskError.Cancelled"/> (tasks already running end as they would have). Every task
    /// thus gets an outcome, so runs and subscribers waiting for the total end as usual; the job's
    /// status is then "cancelled". Returns the job's info.
    /// </summary>
    /// <exception cref="JobNotFoundException">No such job (or it was deleted).</exception>
    [Alias("Cancel")]
    Task<JobInfo> Cancel();

    /// <summary>Deletes the job, its tasks and its results.</summary>
    [Alias("Delete")]
    Task Delete();
}

/// <summary>What a job is made of.</summary>
/// <param name="Program">JavaScript text defining <c>function Run(d)</c>, or the name of a .NET handler.</param>
/// <param name="Kind">The program's kind.</param>
/// <param name="Owner">The user the job belongs to.</param>
/// <param name="Options">Bid and limits.</param>
[GenerateSerializer, Immutable, Alias("JobRuntime.JobSpec")]
public sealed record JobSpec(string Program, ProgramKind Kind, string Owner, JobOptions Options);

/// <summary>The kinds of program.</summary>
[GenerateSerializer, Alias("JobRuntime.ProgramKind")]
public enum ProgramKind
{
    /// <summary>JavaScript run by Node.js language workers.</summary>
    JavaScript,
    /// <summary>A .NET handler registered in the silo by name.</summary>
    DotNet,
}

/// <summary>A job's share of the workers and its limits.</summary>
/// <param name="Bid">Active jobs share workers in proportion to their bid. Default: 1.</param>
/// <param name="TaskTimeoutSeconds">Time limit per task. Default: 30 s.</param>
/// <param name="MemoryLimitMb">Memory per JavaScript worker. Default: 256 MB.</param>
/// <param name="OutputLimitBytes">Largest result and console output per task. Default: 1 MiB.</param>
/// <param name="Group">A free-form group name (CrowdProcess compatibility).</param>
[GenerateSerializer, Immutable, Alias("JobRuntime.JobOptions")]
public sealed record JobOptions(double Bid = 1, double TaskTimeoutSeconds = 30, int MemoryLimitMb = 256, int OutputLimitBytes = 1 << 20, string? Group = null);

/// <summary>
/// The fields CrowdProcess lists for a job, plus the program kind and owner. <c>Status</c> is
/// "active", or "cancelled" once <see cref="IJobGrain.Cancel"/> was called.
/// </summary>
[GenerateSerializer, Immutable, Alias("JobRuntime.JobInfo")]
public sealed record JobInfo(
    string Id,
    string Owner,
    ProgramKind Kind,
    string Status,
    double Bid,
    long Total,
    long Finished,
    long Failed,
    DateTimeOffset Created,
    DateTimeOffset Modified,
    DateTimeOffset? LastResult,
    double BrowserHours);

/// <summary>Indexes given to submitted tasks: <see cref="First"/> to <see cref="First"/> + <see cref="Count"/> - 1.</summary>
[GenerateSerializer, Immutable, Alias("JobRuntime.TaskRange")]
public readonly record struct TaskRange(long First, int Count);

/// <summary>A task as stored: state "pending", "running", "done" or "failed".</summary>
[GenerateSerializer, Immutable, Alias("JobRuntime.TaskView")]
public sealed record TaskView(long Index, string State, int Attempts, JsonElement? Result, TaskError? Error, string[] Log);

/// <summary>An item of a job's results stream: the task's index and its result.</summary>
[GenerateSerializer, Immutable, Alias("JobRuntime.TaskResult")]
public sealed record TaskResult(long Index, JsonElement Value);

/// <summary>An item of a job's errors stream: the task's index and its error.</summary>
[GenerateSerializer, Immutable, Alias("JobRuntime.TaskFailure")]
public sealed record TaskFailure(long Index, TaskError Error);

/// <summary>An event read from a job's log with its position (the stream's sequence number).</summary>
[GenerateSerializer, Immutable, Alias("JobRuntime.Positioned`1")]
public readonly record struct Positioned<T>(long Position, T Item);

/// <summary>No job has that id for this owner, or it was deleted.</summary>
[GenerateSerializer, Alias("JobRuntime.JobNotFoundException")]
public sealed class JobNotFoundException(string message) : JobRuntimeException(message);

/// <summary>The job was cancelled: it takes no more tasks.</summary>
[GenerateSerializer, Alias("JobRuntime.JobCancelledException")]
public sealed class JobCancelledException(string message) : JobRuntimeException(message);

/// <summary>Names used by jobs.</summary>
public static class JobStreams
{
    /// <summary>The stream provider that carries results and errors pages (<see cref="JobEventPage{T}"/>).</summary>
    public const string Provider = "jobs";

    /// <summary>The namespace of results streams (key: job id).</summary>
    public const string Results = "results";

    /// <summary>The namespace of errors streams (key: job id).</summary>
    public const string Errors = "errors";
}
