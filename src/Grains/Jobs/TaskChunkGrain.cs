using System.Diagnostics;
using System.Globalization;
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
/// A step writes its outcome pages, then the chunk's small state; only then is it reported to the
/// job, in order; a step written but not acknowledged (the silo died in between) is reported
/// again when the chunk next runs, and the job ignores repeats. A task ends once: its outcome
/// counts when the chunk's state that names its step is written under Orleans' ETag check, and a
/// task whose outcome was not written (the silo died first) runs again.
/// This file: activation and appends; running is in TaskChunkGrain.Running.cs, steps in TaskChunkGrain.Steps.cs.
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
    private readonly SemaphoreSlim _commit = new(1, 1); // one state write at a time
    private long _confirmedEnd;
    private bool _cancelled; // the job says so again after a restart, until every task has ended
    private ActivityContext _runParent; // the trace of the call that last confirmed tasks: batches are its children
    private GrainPageStore _pages = null!;
    private ChunkProgress _progress = new();
    private List<string> _inputs = [];

    private ChunkState State => state.State;

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

    private static string InputPages(int generation) => string.Create(CultureInfo.InvariantCulture, $"in.{generation}");

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _pages = new GrainPageStore(GrainPageStore.DefaultStorage(ServiceProvider), this.GetGrainId(), _options.MaxStateBytes);
        _progress = ChunkProgress.Decode(State.Progress);
        _durableStep = State.Step;
        if (State.InputPages > 0 && _progress.States.Contains(ChunkProgress.Pending))
        {
            _inputs = ChunkInputs.Decode(await _pages.ReadAsync(InputPages(State.InputGeneration), State.InputPages));
        }
        if (State.AckedStep < State.Step)
        {
            _ = CommitAsync(); // report the steps the job may not have
        }
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
        await _commit.WaitAsync();
        try
        {
            if (State.Program is null)
            {
                State.Program = program;
                State.First = first;
            }
            var offset = checked((int)(first - State.First));
            if (offset < 0 || offset > _progress.Count)
            {
                throw new InvalidOperationException($"Chunk {this.GetPrimaryKeyString()} holds tasks {State.First} to {State.First + _progress.Count - 1}; it cannot take tasks from {first}.");
            }
            // Tasks from this offset on were appended before but never confirmed by the job: replace them.
            for (var i = offset; i < _progress.Count; i++)
            {
                if (_progress.States[i] != ChunkProgress.Pending || _busy.Contains(i))
                {
                    throw new InvalidOperationException($"Chunk {this.GetPrimaryKeyString()} already ran task {State.First + i}; it cannot be replaced.");
                }
            }
            if (_inputs.Count < offset)
            {
                // Activated with every task ended, its inputs were not read: they are rewritten with the new ones.
                _inputs = ChunkInputs.Decode(await _pages.ReadAsync(InputPages(State.InputGeneration), State.InputPages));
            }
            var inputs = new List<string>(offset + tasks.Length);
            inputs.AddRange(_inputs.Take(offset));
            inputs.AddRange(tasks);
            // A new generation of input pages, then the state that names it: a failure in between leaves the old one in force.
            var previous = (State.InputGeneration, State.InputPages);
            var generation = State.InputGeneration + 1;
            var pages = await _pages.WriteAsync(InputPages(generation), ChunkInputs.Encode(inputs));
            _progress.RemoveFrom(offset);
            for (var i = 0; i < tasks.Length; i++)
            {
                _progress.Add();
            }
            State.InputGeneration = generation;
            State.InputPages = pages;
            State.Progress = _progress.Encode();
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                (State.InputGeneration, State.InputPages) = previous;
                DeactivateOnIdle(); // memory may be ahead of storage: start again from it
                throw;
            }
            _inputs = inputs;
            if (previous.Item2 > 0)
            {
                _ = ForgetAsync(InputPages(previous.Item1), previous.Item2);
            }
        }
        finally
        {
            _commit.Release();
        }
    }

    // Pages no state names any more; one left behind (this silo died first) only takes room.
    private async Task ForgetAsync(string name, int count)
    {
        try
        {
            await _pages.ClearAsync(name, count);
        }
        catch (Exception e)
        {
            LogForgetFailed(logger, this.GetPrimaryKeyString(), name, e);
        }
    }

    public async Task Delete()
    {
        _stopping.Cancel();
        await _commit.WaitAsync();
        try
        {
            _ended.Clear();
            var steps = Enumerable.Range(1, State.StepPages.Count).Select(s => _pages.ClearAsync(OutcomePages(s), State.StepPages[s - 1]));
            await Task.WhenAll(steps.Append(_pages.ClearAsync(InputPages(State.InputGeneration), State.InputPages)));
            _progress = new ChunkProgress();
            _inputs = [];
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chunk {Chunk} could not delete its old pages {Pages}")]
    private static partial void LogForgetFailed(ILogger logger, string chunk, string pages, Exception error);
}
