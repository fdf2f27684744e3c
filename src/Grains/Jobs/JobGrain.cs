using System.Text;
using System.Text.Json;
using JobRuntime.GrainInterfaces;
using JobRuntime.Grains.Execution;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using JobRuntime.Grains.Telemetry;
using Orleans.Streams;

namespace JobRuntime.Grains.Jobs;

/// <summary>
/// A job: its definition and counters, its chunks of tasks (<see cref="TaskChunkGrain"/>), and the
/// positions of its outcomes. Submitted tasks go into chunks (the last chunk takes appends until it
/// is full); the chunks run them wherever they are active and report each step here, where the
/// outcomes get their positions, are counted and published, all in one write. While tasks are
/// unfinished a timer (and, should this activation die, a reminder) makes sure that every chunk
/// is running, so the tasks of a silo that died run again on another.
/// This file: creation and the job's view; submitting, recording, reading and the job's lifecycle
/// are in the JobGrain.*.cs files beside it.
/// </summary>
internal sealed partial class JobGrain(
    [PersistentState("job")] IPersistentState<JobState> state,
    JobExecutors executors,
    IOptions<JobsOptions> options,
    JobsMetrics metrics,
    TimeProvider time,
    ILogger<JobGrain> logger) : Grain, IJobGrain, IJobSteps, IRemindable
{
    private const int MaxRead = 10_000;
    private const string ResumeReminder = "resume";
    private readonly JobsOptions _options = options.Value;
    private IGrainTimer? _resumeTimer;
    private bool _reminderSet;

    private string Id => this.GetPrimaryKeyString();

    private JobState State => state.State;

    private List<JobStep> _steps = [];

    private bool Exists => State.Program is not null && !State.Deleted;

    private bool Unfinished => State.Finished + State.Failed < State.Total;

    private GrainPageStore _pages = null!;

    private readonly Dictionary<int, List<JobStep>> _segments = []; // written segments of the step index, read back

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _pages = new GrainPageStore(GrainPageStore.DefaultStorage(ServiceProvider), this.GetGrainId(), _options.MaxStateBytes);
        _steps = JobSteps.Decode(State.Steps);
        if (Exists && Unfinished)
        {
            StartResuming(TimeSpan.Zero); // this activation may follow a silo that died: resume at once
        }
        return Task.CompletedTask;
    }

    public async Task<JobInfo> Create(JobSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        using var activity = JobsTracing.StartJob("job create", Id);
        JobSpecValidation.Validate(spec);
        if (State.Program is not null)
        {
            throw new InvalidJobException($"Job '{Id}' already exists.");
        }
        var problem = await executors.For(spec.Kind).CheckProgramAsync(spec.Program, CancellationToken.None);
        if (problem is not null)
        {
            throw new InvalidJobException(problem);
        }
        var now = time.GetUtcNow();
        State.Program = new ChunkProgram(spec.Program, spec.Kind, spec.Options);
        State.Owner = spec.Owner;
        State.Created = State.Modified = now;
        await WriteAsync();
        await GrainFactory.GetGrain<IJobDirectoryGrain>(spec.Owner).Add(Id);
        return Info();
    }

    public Task<JobInfo> GetInfo() => Task.FromResult(Info());

    public Task<JobSpec> GetSpec()
    {
        EnsureExists();
        var program = State.Program!;
        return Task.FromResult(new JobSpec(program.Text, program.Kind, State.Owner, program.Options));
    }

    private JobInfo Info()
    {
        EnsureExists();
        var program = State.Program!;
        return new JobInfo(
            Id, State.Owner, program.Kind, State.Cancelled ? "cancelled" : "active", program.Options.Bid,
            State.Total, State.Finished, State.Failed,
            State.Created, State.Modified, State.LastOutcome,
            State.ComputeMilliseconds / 3_600_000.0);
    }

    private void EnsureExists()
    {
        if (!Exists)
        {
            throw new JobNotFoundException($"Job '{Id}' does not exist or was deleted.");
        }
    }

    // A failed write leaves this activation's memory ahead of storage: start again from storage.
    private async Task WriteAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    private ITaskChunkGrain Chunk(int chunk) => GrainFactory.GetGrain<ITaskChunkGrain>(TaskChunkGrain.KeyOf(Id, chunk));

    private long ChunkEnd(int chunk) => State.ChunkFirsts[chunk] + State.ChunkSize(chunk);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing outcomes of job {JobId} failed; subscribers read them from the job")]
    private static partial void LogPublishFailed(ILogger logger, string jobId, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Resuming the chunks of job {JobId} failed; retrying")]
    private static partial void LogResumeFailed(ILogger logger, string jobId, Exception error);
}
