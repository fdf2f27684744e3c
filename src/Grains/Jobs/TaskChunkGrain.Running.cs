using System.Diagnostics;
using System.Text.Json;
using JobRuntime.GrainInterfaces;
using JobRuntime.Grains.Execution;
using JobRuntime.Grains.Telemetry;
using Microsoft.Extensions.Logging;

namespace JobRuntime.Grains.Jobs;

/// <summary>A chunk's runner: pending tasks go to the executor in batches, each when this silo grants a slot.</summary>
internal sealed partial class TaskChunkGrain
{
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private bool _running;

    public Task Run(long confirmedEnd)
    {
        if (Activity.Current is { } caller)
        {
            _runParent = caller.Context;
        }
        _confirmedEnd = Math.Max(_confirmedEnd, Math.Min(confirmedEnd, State.First + _progress.Count));
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
        _confirmedEnd = Math.Max(_confirmedEnd, Math.Min(confirmedEnd, State.First + _progress.Count));
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
        var end = (int)Math.Min(_confirmedEnd - State.First, _progress.Count);
        var pending = new List<int>();
        for (var i = 0; i < end; i++)
        {
            if (_progress.States[i] == ChunkProgress.Pending && !_busy.Contains(i))
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
                text.Append(i == 0 ? "" : ",").Append(_inputs[batch[i]]);
                _progress.Attempts[batch[i]]++;
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
}
