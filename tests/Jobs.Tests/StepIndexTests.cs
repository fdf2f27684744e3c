using JobRuntime.GrainInterfaces;
using JobRuntime.Grains.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Storage;

namespace JobRuntime.Jobs.Tests;

/// <summary>
/// A job's index of steps is cut into segments (2,048 steps each) written apart from the job's
/// state, so the state stays bounded however many steps a job records; reading crosses segments.
/// </summary>
public sealed class StepIndexTests
{
    [Fact]
    public async Task A_job_whose_step_index_spans_several_segments_reads_every_result_once_in_order_from_any_position()
    {
        // A task a chunk: a step a task, so two segments are written and a third is open.
        await using var fixture = await JobsFixture.StartAsync(s => s.Configure<JobsOptions>(o => o.ChunkMaxTasks = 1));
        const int count = 4_200;
        var job = await fixture.Jobs.CreateJobAsync("double", kind: ProgramKind.DotNet);
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        // One submission (a second would wait behind thousands of steps being recorded).
        await fixture.Client.GetGrain<IJobGrain>(job.Id).SubmitJson([.. Enumerable.Range(0, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        while (await FinishedAsync(job) < count)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), patience.Token);
        }

        var storage = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);
        var stored = new GrainState<JobState>(new JobState());
        await storage.ReadStateAsync("job", GrainId.Create("job", job.Id), stored);
        Assert.Equal(count, stored.State!.Finished);
        Assert.Equal(2, stored.State.SegmentFirstResults.Count);

        foreach (var after in new long[] { 0, 1_000, 2_048, 4_100, count - 1 })
        {
            var positions = new List<long>();
            var indexes = new HashSet<long>();
            await foreach (var item in job.ReadResultsAsync(after, patience.Token))
            {
                positions.Add(item.Position);
                indexes.Add(item.Item.Index);
                Assert.Equal(item.Item.Index * 2, item.Item.Value.GetInt64());
            }
            Assert.Equal(Enumerable.Range((int)after + 1, count - (int)after).Select(p => (long)p), positions);
            Assert.Equal(positions.Count, indexes.Count);
        }
    }

    // The job may be busy recording thousands of steps: a call that waits too long is asked again.
    private static async Task<long> FinishedAsync(Client.Jobs.Job job)
    {
        try
        {
            return (await job.GetInfoAsync()).Finished;
        }
        catch (TimeoutException)
        {
            return -1;
        }
    }
}
