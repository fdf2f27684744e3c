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

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
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

    public Task<TaskRange> SubmitTasks(JsonElement[] tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var texts = new string[tasks.Length];
        for (var i = 0; i < tasks.Length; i++)
        {
            texts[i] = tasks[i].ValueKind == JsonValueKind.Undefined ? "null" : tasks[i].GetRawText();
        }
        return AppendAsync(texts);
    }

    public Task<TaskRange> SubmitJson(string[] tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        for (var i = 0; i < tasks.Length; i++)
        {
            if (!IsOneJsonValue(tasks[i]))
            {
                throw new InvalidTaskException($"Task {i + 1} of this submission to job '{Id}' is not one JSON value.");
            }
        }
        return AppendAsync(tasks);
    }

    private static bool IsOneJsonValue(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var bytes = Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(bytes);
        try
        {
            if (!reader.Read())
            {
                return false;
            }
            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private async Task<TaskRange> AppendAsync(string[] tasks)
    {
        EnsureExists();
        if (State.Cancelled)
        {
            throw new JobCancelledException($"Job '{Id}' was cancelled: it takes no more tasks.");
        }
        if (tasks.Length == 0)
        {
            return new TaskRange(State.Total, 0);
        }
        using var activity = JobsTracing.StartJob("job submit", Id);
        activity?.SetTag("jobruntime.tasks.count", tasks.Length);
        var first = State.Total;
        // Into the last chunk while it has room, then into new ones; each chunk's part is written
        // by the chunk, and only then are the tasks counted here (an append this write does not
        // confirm is replaced by the next one).
        var appends = new List<(int Chunk, long First, string[] Tasks)>();
        var chunks = new List<long>(State.ChunkFirsts);
        var lastBytes = State.LastChunkBytes;
        var index = first;
        var at = 0;
        while (at < tasks.Length)
        {
            var last = chunks.Count - 1;
            var room = last < 0 ? 0 : _options.ChunkMaxTasks - (int)(index - chunks[last]);
            if (room <= 0 || lastBytes >= _options.ChunkMaxBytes)
            {
                chunks.Add(index);
                lastBytes = 0;
                continue;
            }
            var part = new List<string>(Math.Min(room, tasks.Length - at));
            while (at < tasks.Length && part.Count < room && lastBytes < _options.ChunkMaxBytes)
            {
                var text = tasks[at++];
                lastBytes += Encoding.UTF8.GetByteCount(text);
                part.Add(text);
            }
            appends.Add((last, index, [.. part]));
            index += part.Count;
        }
        await Task.WhenAll(appends.Select(a => Chunk(a.Chunk).Append(a.First, a.Tasks, State.Program!)));

        for (var c = State.ChunkFirsts.Count; c < chunks.Count; c++)
        {
            State.ChunkEnded.Add(0);
            State.ChunkAcked.Add(0);
        }
        State.ChunkFirsts = chunks;
        State.LastChunkBytes = lastBytes;
        State.Total = index;
        State.Modified = time.GetUtcNow();
        await WriteAsync();
        await Task.WhenAll(appends.Select(a => a.Chunk).Distinct().Select(c => Chunk(c).Run(ChunkEnd(c))));
        metrics.Submitted(tasks.Length);
        StartResuming(_options.ResumeInterval);
        await SetReminderAsync();
        return new TaskRange(first, tasks.Length);
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

    public async Task<int> RecordStep(ChunkStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        EnsureExists();
        if (step.Chunk < 0 || step.Chunk >= State.ChunkAcked.Count)
        {
            throw new InvalidOperationException($"Job '{Id}' has no chunk {step.Chunk}.");
        }
        var acked = State.ChunkAcked[step.Chunk];
        if (step.Step != acked + 1)
        {
            return acked; // a repeat, or one after a step not yet recorded: the chunk reports again from acked + 1
        }
        var entry = new JobStep(step.Chunk, step.Step, State.Finished + 1, step.Results.Length, State.Failed + 1, step.Errors.Length);
        State.Finished += step.Results.Length;
        State.Failed += step.Errors.Length;
        State.ChunkEnded[step.Chunk] += step.Results.Length + step.Errors.Length;
        State.ChunkAcked[step.Chunk] = step.Step;
        State.ComputeMilliseconds += step.ComputeMilliseconds;
        _steps.Add(entry);
        State.Steps = JobSteps.Encode(_steps);
        State.Modified = time.GetUtcNow();
        State.LastOutcome = State.Modified;
        await WriteAsync();
        await PublishAsync(entry, step);
        if (!Unfinished)
        {
            await StopResumingAsync();
        }
        return step.Step;
    }

    // Publishes a recorded step's outcomes; a page lost here (the silo died) is read from the
    // job's log by subscribers, who see the gap in the positions.
    private async Task PublishAsync(JobStep entry, ChunkStep step)
    {
        try
        {
            var provider = this.GetStreamProvider(JobStreams.Provider);
            if (step.Results.Length > 0)
            {
                await provider.GetStream<JobEventPage<TaskResult>>(StreamId.Create(JobStreams.Results, Id))
                    .OnNextAsync(new JobEventPage<TaskResult>(entry.FirstResult, step.Results));
            }
            if (step.Errors.Length > 0)
            {
                await provider.GetStream<JobEventPage<TaskFailure>>(StreamId.Create(JobStreams.Errors, Id))
                    .OnNextAsync(new JobEventPage<TaskFailure>(entry.FirstError, step.Errors));
            }
        }
        catch (Exception e)
        {
            LogPublishFailed(logger, Id, e);
        }
    }

    public async Task<TaskView> GetTask(long index)
    {
        EnsureExists();
        var chunk = ChunkOf(index);
        var view = chunk < 0 ? null : await Chunk(chunk).GetTask(index);
        return view ?? throw new KeyNotFoundException($"Job '{Id}' has no task {index}.");
    }

    private int ChunkOf(long index)
    {
        if (index < 0 || index >= State.Total)
        {
            return -1;
        }
        var at = State.ChunkFirsts.BinarySearch(index);
        return at >= 0 ? at : ~at - 1;
    }

    public Task<Positioned<TaskResult>[]> ReadResults(long after, int max) =>
        ReadAsync(after, max, s => s.FirstResult, s => s.Results, step => step.Results);

    public Task<Positioned<TaskFailure>[]> ReadErrors(long after, int max) =>
        ReadAsync(after, max, s => s.FirstError, s => s.Errors, step => step.Errors);

    // The outcomes after a position come from the steps that recorded them, read back from their chunks.
    private async Task<Positioned<T>[]> ReadAsync<T>(long after, int max, Func<JobStep, long> firstOf, Func<JobStep, int> countOf, Func<ChunkStep, T[]> itemsOf)
    {
        if (max is < 1 or > MaxRead)
        {
            throw new ArgumentOutOfRangeException(nameof(max), max, $"A read takes 1 to {MaxRead} events.");
        }
        EnsureExists();
        var steps = _steps;
        // The first step whose last position is past 'after' (steps are in position order).
        int low = 0, high = steps.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (firstOf(steps[middle]) + countOf(steps[middle]) - 1 <= after)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        var items = new List<Positioned<T>>();
        for (var i = low; i < steps.Count && items.Count < max; i++)
        {
            var entry = steps[i];
            if (countOf(entry) == 0)
            {
                continue;
            }
            var recorded = itemsOf(await Chunk(entry.Chunk).ReadStep(entry.Step));
            for (var k = 0; k < recorded.Length && items.Count < max; k++)
            {
                var position = firstOf(entry) + k;
                if (position > after)
                {
                    items.Add(new Positioned<T>(position, recorded[k]));
                }
            }
        }
        return [.. items];
    }

    public async Task<JobInfo> Cancel()
    {
        EnsureExists();
        using var activity = JobsTracing.StartJob("job cancel", Id);
        if (!State.Cancelled)
        {
            State.Cancelled = true;
            State.Modified = time.GetUtcNow();
            await WriteAsync();
        }
        if (Unfinished)
        {
            // The chunks end their unstarted tasks now; should one miss it, the resume timer tells it again.
            StartResuming(_options.ResumeInterval);
            await SetReminderAsync();
            await ResumeChunksAsync(CancellationToken.None);
        }
        return Info();
    }

    public async Task Delete()
    {
        EnsureExists();
        State.Deleted = true;
        await WriteAsync();
        await StopResumingAsync();
        await Task.WhenAll(Enumerable.Range(0, State.ChunkFirsts.Count).Select(c => Chunk(c).Delete()));
        await GrainFactory.GetGrain<IJobDirectoryGrain>(State.Owner).Remove(Id);
        DeactivateOnIdle();
    }

    private void StartResuming(TimeSpan dueTime)
    {
        _resumeTimer ??= this.RegisterGrainTimer(ResumeChunksAsync, dueTime, _options.ResumeInterval);
    }

    // Makes sure every chunk with unfinished tasks is running (a chunk whose silo died starts on
    // another), or, once the job is cancelled, that it ends its unstarted tasks.
    private async Task ResumeChunksAsync(CancellationToken cancellationToken)
    {
        if (!Exists || !Unfinished)
        {
            await StopResumingAsync();
            return;
        }
        var calls = new List<Task>();
        for (var c = 0; c < State.ChunkFirsts.Count; c++)
        {
            if (State.ChunkEnded[c] < State.ChunkSize(c))
            {
                calls.Add(State.Cancelled ? Chunk(c).Cancel(ChunkEnd(c)) : Chunk(c).Run(ChunkEnd(c)));
            }
        }
        try
        {
            await Task.WhenAll(calls);
        }
        catch (Exception e)
        {
            LogResumeFailed(logger, Id, e);
        }
    }

    private async Task SetReminderAsync()
    {
        if (!_reminderSet)
        {
            await this.RegisterOrUpdateReminder(ResumeReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            _reminderSet = true;
        }
    }

    private async Task StopResumingAsync()
    {
        _resumeTimer?.Dispose();
        _resumeTimer = null;
        var reminder = await this.GetReminder(ResumeReminder);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
        _reminderSet = false;
    }

    // The reminder only brings the job back to life after its silo died; activation resumes the chunks.
    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        Exists && Unfinished ? ResumeChunksAsync(CancellationToken.None) : StopResumingAsync();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing outcomes of job {JobId} failed; subscribers read them from the job")]
    private static partial void LogPublishFailed(ILogger logger, string jobId, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Resuming the chunks of job {JobId} failed; retrying")]
    private static partial void LogResumeFailed(ILogger logger, string jobId, Exception error);
}
