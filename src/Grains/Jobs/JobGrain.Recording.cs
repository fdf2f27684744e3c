using JobRuntime.GrainInterfaces;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace JobRuntime.Grains.Jobs;

/// <summary>A job's record of its chunks' steps: positions, counters, the step index and the published pages.</summary>
internal sealed partial class JobGrain
{
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
        State.OutcomeBytes += step.OutcomeBytes;
        _steps.Add(entry);
        if (_steps.Count >= JobStepIndex.SegmentSteps)
        {
            await SealSegmentAsync();
        }
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

    // A full segment of the index becomes a page of its own; the state keeps where it starts. Should
    // the job's write fail after it, the page is written again with the same entries.
    private async Task SealSegmentAsync()
    {
        var segment = State.SegmentFirstResults.Count;
        _segments[segment] = _steps;
        await _pages.WriteAsync(JobStepIndex.SegmentPages(segment), JobSteps.Encode(_steps));
        State.SegmentFirstResults.Add(_steps[0].FirstResult);
        State.SegmentFirstErrors.Add(_steps[0].FirstError);
        _steps = [];
    }
}
