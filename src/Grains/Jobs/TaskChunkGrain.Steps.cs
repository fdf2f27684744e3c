using System.Globalization;
using JobRuntime.GrainInterfaces;
using Microsoft.Extensions.Logging;

namespace JobRuntime.Grains.Jobs;

/// <summary>
/// A chunk's steps: the outcomes that ended since the last write are written as the step's outcome
/// pages, then the chunk's state names the step (the commit); steps are reported to the job in order.
/// </summary>
internal sealed partial class TaskChunkGrain
{
    private readonly Dictionary<int, ChunkStep> _unreported = []; // steps written, kept until the job has them
    private readonly SemaphoreSlim _report = new(1, 1); // steps reported one at a time, in order
    private int _durableStep; // the last step whose state write succeeded: only those are reported or read

    private static string OutcomePages(int step) => string.Create(CultureInfo.InvariantCulture, $"out.{step}");

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
                while (next <= _durableStep)
                {
                    var step = _unreported.GetValueOrDefault(next) ?? await ReadStep(next);
                    var acked = await job.RecordStep(step);
                    State.AckedStep = Math.Max(State.AckedStep, Math.Min(acked, _durableStep));
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

    // The step's outcome pages first, then the state that names the step: until that write succeeds
    // the step does not exist (its pages are written again, or the tasks run again after a restart).
    private async Task WriteStepAsync()
    {
        var step = _durableStep + 1;
        long compute = 0;
        var stored = new List<StoredOutcome>(_ended.Count);
        var offsets = new List<int>(_ended.Count);
        foreach (var outcome in _ended.OrderBy(o => o.Index))
        {
            var offset = (int)(outcome.Index - State.First);
            if (_progress.States[offset] != ChunkProgress.Pending || offsets.Contains(offset))
            {
                continue;
            }
            stored.Add(ChunkOutcomes.From(outcome));
            offsets.Add(offset);
            compute += (long)outcome.Elapsed.TotalMilliseconds;
        }
        _ended.Clear();
        if (stored.Count == 0)
        {
            return;
        }
        var pages = await _pages.WriteAsync(OutcomePages(step), ChunkOutcomes.Encode(stored));
        for (var i = 0; i < stored.Count; i++)
        {
            _progress.States[offsets[i]] = stored[i].Failed ? ChunkProgress.Failed : ChunkProgress.Done;
            _progress.Steps[offsets[i]] = step;
        }
        State.Step = step;
        State.StepCompute.Add(compute);
        State.StepPages.Add(pages);
        State.Progress = _progress.Encode();
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            foreach (var offset in offsets)
            {
                _progress.States[offset] = ChunkProgress.Pending;
                _progress.Steps[offset] = 0;
            }
            State.Step = step - 1;
            State.StepCompute.RemoveAt(State.StepCompute.Count - 1);
            State.StepPages.RemoveAt(State.StepPages.Count - 1);
            throw;
        }
        _durableStep = step;
        _unreported[step] = StepOf(step, stored, compute);
        foreach (var offset in offsets)
        {
            _busy.Remove(offset);
            if (offset < _inputs.Count)
            {
                _inputs[offset] = ""; // ended: its input is no longer needed here
            }
        }
    }

    private ChunkStep StepOf(int step, List<StoredOutcome> stored, long compute) => new(
        Key.Chunk, step,
        [.. stored.Where(o => !o.Failed).Select(ChunkOutcomes.Result)],
        [.. stored.Where(o => o.Failed).Select(ChunkOutcomes.Failure)],
        compute,
        stored.Sum(ChunkOutcomes.Bytes));

    private async Task<List<StoredOutcome>> ReadOutcomesAsync(int step) =>
        step < 1 || step > _durableStep
            ? []
            : ChunkOutcomes.Decode(await _pages.ReadAsync(OutcomePages(step), State.StepPages[step - 1]));

    public async Task<ChunkStep> ReadStep(int step)
    {
        if (_unreported.TryGetValue(step, out var unreported))
        {
            return unreported;
        }
        var compute = step >= 1 && step <= State.StepCompute.Count ? State.StepCompute[step - 1] : 0;
        return StepOf(step, await ReadOutcomesAsync(step), compute);
    }

    public async Task<TaskView?> GetTask(long index)
    {
        var offset = index - State.First;
        if (State.Program is null || offset < 0 || offset >= _progress.Count)
        {
            return null;
        }
        var i = (int)offset;
        var attempts = _progress.Attempts[i];
        if (_progress.States[i] == ChunkProgress.Pending)
        {
            return new TaskView(index, _busy.Contains(i) ? "running" : "pending", attempts, null, null, []);
        }
        var found = (await ReadOutcomesAsync(_progress.Steps[i])).Where(o => o.Index == index).ToList();
        if (found.Count == 0)
        {
            return new TaskView(index, "running", attempts, null, null, []); // its step is being written
        }
        var outcome = found[0];
        return outcome.Failed
            ? new TaskView(index, "failed", attempts, null, ChunkOutcomes.Error(outcome), outcome.Log)
            : new TaskView(index, "done", attempts, ChunkOutcomes.Parse(outcome.Text), null, outcome.Log);
    }
}
