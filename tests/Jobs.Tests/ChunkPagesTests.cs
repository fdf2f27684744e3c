using JobRuntime.GrainInterfaces;

namespace JobRuntime.Jobs.Tests;

/// <summary>A chunk's inputs live in input pages: a chunk activated again reads them back before it takes more tasks.</summary>
public sealed class ChunkPagesTests
{
    [Fact]
    public async Task Tasks_appended_to_a_chunk_activated_again_after_its_tasks_ended_run_with_their_own_inputs()
    {
        await using var fixture = await JobsFixture.StartAsync();
        var job = await fixture.Jobs.CreateJobAsync("double", kind: ProgramKind.DotNet);
        var first = new List<int>();
        await foreach (var result in job.RunAsync(Enumerable.Range(0, 10)))
        {
            first.Add(result.GetInt32());
        }

        // Every idle grain, the job's chunk among them, is deactivated: its next activation starts from storage.
        await fixture.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        var second = new List<int>();
        await foreach (var result in job.RunAsync(Enumerable.Range(100, 10)).WithCancellation(new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token))
        {
            second.Add(result.GetInt32());
        }
        Assert.Equal(Enumerable.Range(0, 10).Select(d => d * 2), first.Order());
        Assert.Equal(Enumerable.Range(100, 10).Select(d => d * 2), second.Order());
        Assert.Equal(6, (await job.GetTaskAsync(3)).Result!.Value.GetInt32());
        Assert.Equal(202, (await job.GetTaskAsync(11)).Result!.Value.GetInt32());
    }
}
