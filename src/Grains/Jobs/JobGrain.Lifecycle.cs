using JobRuntime.GrainInterfaces;
using JobRuntime.Grains.Telemetry;
using Microsoft.Extensions.Logging;

namespace JobRuntime.Grains.Jobs;

/// <summary>Cancelling and deleting a job, and keeping its chunks running until its tasks have ended.</summary>
internal sealed partial class JobGrain
{
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
        await Task.WhenAll(Enumerable.Range(0, State.SegmentFirstResults.Count).Select(n => _pages.ClearAsync(JobStepIndex.SegmentPages(n), 1)));
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
}
