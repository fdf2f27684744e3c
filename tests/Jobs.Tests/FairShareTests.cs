using JobRuntime.GrainInterfaces;
using JobRuntime.Grains.Hosting;

namespace JobRuntime.Jobs.Tests;

public sealed class FairShareTests
{
    [Fact]
    public async Task Active_jobs_share_the_workers_in_proportion_to_their_bids_and_none_starves()
    {
        await using var fixture = await JobsFixture.StartAsync(silo =>
        {
            // One batch at a time, small batches: the order of leases is the share.
            silo.AddJobs(o =>
            {
                o.Concurrency = 1;
                o.BatchSize = 10;
            });
            silo.AddTaskHandler<int, int>("pause", async (d, ct) =>
            {
                await Task.Delay(1, ct);
                return d;
            });
        });
        var low = await fixture.Jobs.CreateJobAsync("pause", new JobOptions(Bid: 1), ProgramKind.DotNet);
        var high = await fixture.Jobs.CreateJobAsync("pause", new JobOptions(Bid: 3), ProgramKind.DotNet);
        await low.SubmitTasksAsync(Enumerable.Range(0, 600));
        await high.SubmitTasksAsync(Enumerable.Range(0, 600));

        var deadline = DateTime.UtcNow.AddSeconds(60);
        JobInfo lowInfo, highInfo;
        do
        {
            await Task.Delay(20);
            lowInfo = await low.GetInfoAsync();
            highInfo = await high.GetInfoAsync();
        }
        while (highInfo.Finished < 600 && DateTime.UtcNow < deadline);

        Assert.Equal(600, highInfo.Finished);
        // With bids 3:1 the low job has had about a third as many tasks: not none, not as many.
        Assert.InRange(lowInfo.Finished, 100, 400);
    }
}
