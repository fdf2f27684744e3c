using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using JobRuntime.GrainInterfaces;
using JobRuntime.Grains.Execution;
using JobRuntime.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;

namespace JobRuntime.Grains.Jobs;

/// <summary>
/// Runs a chunk's tasks on the silo where the chunk is active (chunks are placed at random, so a
/// job's work spreads over the cluster) and records their outcomes: outcomes that end while a
/// write is in flight wait and go into the next, so a chunk writes once per step, not per task.
/// Each step is then reported to the job, in order; a step written but not acknowledged (the silo
/// died in between) is reported again when the chunk next runs, and the job ignores repeats.
/// A task ends once: its outcome is recorded in the chunk's state under Orleans' ETag check, and a
/// task whose outcome was not written (the silo died first) runs again.
/// </summary>
[RandomPlacement]
internal sealed partial class TaskChunkGrain(
    [PersistentState("chunk")] IPersistentState<ChunkState> state,
    JobExecutors executors,
    TaskSlots slots,
    JobsMetrics metrics,
    IOptions<JobsOptions> options,
    ILogger<TaskChunkGrain> logger) : Grain, ITaskChunkGrain
{
    private readonly JobsOptions _options = options.Value;
    private readonly CancellationTokenSource _stopping = new();
    private readonly HashSet<int> _busy = []; // offsets running, or ended and waiting to be written
    private readonly List<TaskOutcome> _ended = [];
    private readonly Dictionary<int, ChunkStep> _unreported = []; // steps written, kept until the job has them
    private readonly SemaphoreSlim _commit = new(1, 1); // one state write at a time
    private readonly SemaphoreSlim _report = new(1, 1); // steps reported one at a time, in order
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private long _confirmedEnd;
    private bool _running;
    private bool _cancelled; // the job says so again after a restart, until every task has ended
    private ActivityContext _runParent; // the trace of the call that last confirmed tasks: batches are its children

    private ChunkState State => state.State;

    private ChunkTasks _tasks = new();

    private (string JobId, int Chunk) Key
    {
        get
        {
            var key = this.GetPrimaryKeyString();
            var slash = key.LastIndexOf('/');
            return (key[..slash], int.Parse(key.AsSpan(slash + 1), CultureInfo.InvariantCulture));
        }
    }

    public static string KeyOf(string jobId, int chunk) => string.Create(CultureInfo.InvariantCulture, $"{jobId}/{chunk}");

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _tasks = ChunkTasks.Decode(State.Tasks);
        if (State.AckedStep < State.Step)
        {
            _ = CommitAsync(); // report the steps the job may not have
        }
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        // Outcomes already computed are kept if they can be written in time; the rest run again.
        try
        {
            await CommitAsync().WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException or OrleansException)
        {
        }
    }

    public async Task Append(long first, string[] tasks, ChunkProgram program)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(program);
        if (State.Program is null)
        {
            State.Program = program;
            State.First = first;
        }
        var offset = checked((int)(first - State.First));
        if (offset < 0 || offset > _tasks.Count)
        {
            throw new InvalidOperationException($"Chunk {this.GetPrimaryKeyString()} holds tasks {State.First} to {State.First + _tasks.Count - 1}; it cannot take tasks from {first}.");
        }
        await _commit.WaitAsync();
        try
        {
            // Tasks from this offset on were appended before but never confirmed by the job: replace them.
            if (offset < _tasks.Count)
            {
                for (var i = offset; i < _tasks.Count; i++)
                {
                    if (_tasks.States[i] != ChunkTasks.Pending || _busy.Contains(i))
                    {
                        throw new InvalidOperationException($"Chunk {this.GetPrimaryKeyString()} already ran task {State.First + i}; it cannot be replaced.");
                    }
                }
                _tasks.RemoveFrom(offset);
            }
            foreach (var task in tasks)
            {
                _tasks.Add(task);
            }
            await WriteAsync();
        }
        finally
        {
            _commit.Release();
        }
    }

    public Task Run(long confirmedEnd)
    {
        if (Activity.Current is { } caller)
        {
            _runParent = caller.Context;
        }
        _confirmedEnd = Math.Max(_confirmedEnd, Math.Min(confirmedEnd, State.First + _tasks.Count));
        if (!_running && !_stopping.IsCancellationRequested)
        {
            _running = true;
            _ = RunAsync();
        }
        else
        {
            _wake.Release();
        }
        return Task.CompletedTask;
    }

    // Hands pending tasks to the executor in batches, each when this silo grants a slot, until none is left.
    private async Task RunAsync()
    {
        try
        {
            var program = State.Program!;
            var executor = executors.For(program.Kind);
            var definition = new JobProgram(Key.JobId, program.Text, TimeSpan.FromSeconds(program.Options.TaskTimeoutSeconds), program.Options.MemoryLimitMb, program.Options.OutputLimitBytes);
            while (!_stopping.IsCancellationRequested)
            {
                if (_cancelled && EndUnstartedTasks() > 0)
                {
                    _ = CommitAsync(); // e.g. the tasks of a failed batch, which would run again
                }
                var pending = PendingOffsets();
                if (pending.Count == 0)
                {
                    if (_busy.Count == 0)
                    {
                        return;
                    }
                    await _wake.WaitAsync(_stopping.Token);
                    continue;
                }
                var slot = await slots.EnterAsync(Key.JobId, program.Options.Bid, _stopping.Token);
                pending = PendingOffsets(); // what is left now that it is our turn
                if (pending.Count == 0)
                {
                    slot.Dispose();
                    continue;
                }
                var size = Math.Clamp((pending.Count + _options.Concurrency - 1) / _options.Concurrency, 1, _options.BatchSize);
                var batch = pending.GetRange(0, Math.Min(size, pending.Count));
                foreach (var offset in batch)
                {
                    _busy.Add(offset);
                }
                _ = RunBatchAsync(executor, definition, batch, slot);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LogRunFailed(logger, this.GetPrimaryKeyString(), e);
        }
        finally
        {
            _running = false;
        }
    }

    public Task Cancel(long confirmedEnd)
    {
        _cancelled = true;
        _confirmedEnd = Math.Max(_confirmedEnd, Math.Min(confirmedEnd, State.First + _tasks.Count));
        if (EndUnstartedTasks() > 0)
        {
            _ = CommitAsync();
        }
        _wake.Release();
        return Task.CompletedTask;
    }

    // Ends the confirmed tasks that have not started as cancelled; they are written as one step.
    private int EndUnstartedTasks()
    {
        var unstarted = PendingOffsets();
        foreach (var offset in unstarted)
        {
            _busy.Add(offset);
            _ended.Add(new TaskOutcome(State.First + offset, null, TaskError.JobCancelled, [], TimeSpan.Zero));
        }
        metrics.Cancelled(unstarted.Count);
        return unstarted.Count;
    }

    private List<int> PendingOffsets()
    {
        var end = (int)Math.Min(_confirmedEnd - State.First, _tasks.Count);
        var pending = new List<int>();
        for (var i = 0; i < end; i++)
        {
            if (_tasks.States[i] == ChunkTasks.Pending && !_busy.Contains(i))
            {
                pending.Add(i);
            }
        }
        return pending;
    }

    private async Task RunBatchAsync(ITaskExecutor executor, JobProgram program, List<int> batch, IDisposable slot)
    {
        IReadOnlyList<TaskOutcome> outcomes = [];
        metrics.Leased(batch.Count);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["JobId"] = Key.JobId, ["Chunk"] = Key.Chunk, ["TaskIndexes"] = $"{State.First + batch[0]}..{State.First + batch[^1]}" });
        using var activity = JobsTracing.StartJob("job run tasks", Key.JobId, parent: _runParent);
        activity?.SetTag("jobruntime.tasks.count", batch.Count);
        try
        {
            // The batch's inputs are parsed as one array: one document, not one per task.
            var text = new System.Text.StringBuilder(batch.Count * 16);
            text.Append('[');
            for (var i = 0; i < batch.Count; i++)
            {
                text.Append(i == 0 ? "" : ",").Append(_tasks.Texts[batch[i]]);
                _tasks.Attempts[batch[i]]++;
            }
            using var document = JsonDocument.Parse(text.Append(']').ToString(), new JsonDocumentOptions { MaxDepth = 1_024 });
            var inputs = new TaskInput[batch.Count];
            var k = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                inputs[k] = new TaskInput(State.First + batch[k], element);
                k++;
            }
            outcomes = await executor.RunAsync(program, inputs, _stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LogBatchFailed(logger, this.GetPrimaryKeyString(), e);
            slot.Dispose();
            await Task.Delay(TimeSpan.FromSeconds(1)); // the executor failed as a whole: not at once again
        }
        finally
        {
            slot.Dispose();
        }
        var ran = new HashSet<int>();
        foreach (var outcome in outcomes)
        {
            ran.Add((int)(outcome.Index - State.First));
            _ended.Add(outcome);
            metrics.Ended(outcome.Error is not null, outcome.Elapsed);
        }
        metrics.Released(batch.Count - ran.Count);
        foreach (var offset in batch)
        {
            if (!ran.Contains(offset))
            {
                _busy.Remove(offset); // not run (its worker died for another task): it runs again
            }
        }
        _ = CommitAsync();
        _wake.Release();
    }

    // Writes the outcomes that ended since the last write as one step, then reports every step the
    // job has not acknowledged, in order. One write at a time: outcomes that end meanwhile wait for
    // the next. The report holds no write lock: the job may be appending to this chunk meanwhile.
    private async Task CommitAsync()
    {
        try
        {
            if (_ended.Count > 0)
            {
                await _commit.WaitAsync();
                try
                {
                    if (_ended.Count > 0)
                    {
                        await WriteStepAsync();
                    }
                }
                finally
                {
                    _commit.Release();
                }
            }
            await _report.WaitAsync();
            try
            {
                var job = GrainFactory.GetGrain<IJobSteps>(Key.JobId);
                var next = State.AckedStep + 1;
                while (next <= State.Step)
                {
                    var step = _unreported.GetValueOrDefault(next) ?? await ReadStep(next);
                    var acked = await job.RecordStep(step);
                    State.AckedStep = Math.Max(State.AckedStep, Math.Min(acked, State.Step));
                    foreach (var done in _unreported.Keys.Where(k => k <= State.AckedStep).ToList())
                    {
                        _unreported.Remove(done);
                    }
                    next = State.AckedStep + 1;
                }
            }
            finally
            {
                _report.Release();
            }
        }
        catch (JobNotFoundException)
        {
            _stopping.Cancel(); // the job was deleted
        }
        catch (Exception e)
        {
            LogCommitFailed(logger, this.GetPrimaryKeyString(), e);
            // The state on storage is the truth: start again from it.
            DeactivateOnIdle();
        }
        _wake.Release();
    }

    private async Task WriteStepAsync()
    {
        var step = State.Step + 1;
        long compute = 0;
        var written = new List<int>(_ended.Count);
        var results = new List<TaskResult>();
        var errors = new List<TaskFailure>();
        foreach (var outcome in _ended.OrderBy(o => o.Index))
        {
            var offset = (int)(outcome.Index - State.First);
            if (_tasks.States[offset] != ChunkTasks.Pending)
            {
                continue;
            }
            _tasks.States[offset] = outcome.Error is null ? ChunkTasks.Done : ChunkTasks.Failed;
            if (outcome.Error is { } error)
            {
                _tasks.Texts[offset] = JsonSerializer.Serialize(error, JsonSerializerOptions.Web);
                errors.Add(new TaskFailure(outcome.Index, error));
            }
            else
            {
                var result = outcome.Result is { ValueKind: not JsonValueKind.Undefined } value ? value : Null;
                _tasks.Texts[offset] = result.GetRawText();
                results.Add(new TaskResult(outcome.Index, result));
            }
            _tasks.Logs[offset] = outcome.Log.Length == 0 ? null : outcome.Log;
            _tasks.Steps[offset] = step;
            compute += (long)outcome.Elapsed.TotalMilliseconds;
            written.Add(offset);
        }
        _ended.Clear();
        State.Step = step;
        State.StepCompute.Add(compute);
        await WriteAsync();
        _unreported[step] = new ChunkStep(Key.Chunk, step, [.. results], [.. errors], compute);
        foreach (var offset in written)
        {
            _busy.Remove(offset);
        }
    }

    private static readonly JsonElement Null = JsonDocument.Parse("null").RootElement.Clone();

    public Task<ChunkStep> ReadStep(int step)
    {
        var results = new List<TaskResult>();
        var errors = new List<TaskFailure>();
        for (var i = 0; i < _tasks.Count; i++)
        {
            if (_tasks.Steps[i] != step)
            {
                continue;
            }
            var index = State.First + i;
            if (_tasks.States[i] == ChunkTasks.Done)
            {
                results.Add(new TaskResult(index, Parse(_tasks.Texts[i])));
            }
            else if (_tasks.States[i] == ChunkTasks.Failed)
            {
                errors.Add(new TaskFailure(index, JsonSerializer.Deserialize<TaskError>(_tasks.Texts[i], JsonSerializerOptions.Web)!));
            }
        }
        var compute = step >= 1 && step <= State.StepCompute.Count ? State.StepCompute[step - 1] : 0;
        return Task.FromResult(new ChunkStep(Key.Chunk, step, [.. results], [.. errors], compute));
    }

    public Task<TaskView?> GetTask(long index)
    {
        var offset = index - State.First;
        if (State.Program is null || offset < 0 || offset >= _tasks.Count)
        {
            return Task.FromResult<TaskView?>(null);
        }
        var i = (int)offset;
        var (name, result, error) = _tasks.States[i] switch
        {
            ChunkTasks.Done => ("done", Parse(_tasks.Texts[i]), (TaskError?)null),
            ChunkTasks.Failed => ("failed", (JsonElement?)null, JsonSerializer.Deserialize<TaskError>(_tasks.Texts[i], JsonSerializerOptions.Web)),
            _ => (_busy.Contains(i) ? "running" : "pending", (JsonElement?)null, (TaskError?)null),
        };
        return Task.FromResult<TaskView?>(new TaskView(index, name, _tasks.Attempts[i], result, error, _tasks.Logs[i] ?? []));
    }

    // The tasks are packed into the state only when it is written.
    private Task WriteAsync()
    {
        State.Tasks = _tasks.Encode();
        return state.WriteStateAsync();
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public async Task Delete()
    {
        _stopping.Cancel();
        await _commit.WaitAsync();
        try
        {
            _ended.Clear();
            _tasks = new ChunkTasks();
            await state.ClearStateAsync();
        }
        finally
        {
            _commit.Release();
        }
        DeactivateOnIdle();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Chunk {Chunk} stopped running its tasks")]
    private static partial void LogRunFailed(ILogger logger, string chunk, Exception error);

    [LoggerMessage(Level = LogLevel.Error, Message = "A batch of chunk {Chunk} failed; its tasks run again")]
    private static partial void LogBatchFailed(ILogger logger, string chunk, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chunk {Chunk} could not record or report a step; it starts again from its stored state")]
    private static partial void LogCommitFailed(ILogger logger, string chunk, Exception error);
}
