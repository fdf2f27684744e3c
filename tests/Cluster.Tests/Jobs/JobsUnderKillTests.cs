using System.Collections.Concurrent;
using JobRuntime.Client.Jobs;
using JobRuntime.GrainInterfaces;

namespace JobRuntime.Cluster.Tests.Jobs;

/// <summary>
/// A 100,000-task job through the Orleans client on two silo processes, one of them killed with
/// SIGKILL midway: every task still ends with exactly one result or one error, the job ends, and
/// a results subscriber that resumes by position after each break sees no gap and no duplicate.
/// </summary>
public abstract class JobsUnderKillTests
{
    private const int Tasks = 100_000;

    // Every 1,000th task throws, so that errors are counted too.
    private const string Program = "function Run(d) { if (d % 1000 === 999) { throw new Error('task ' + d); } return d * 2; }";

    protected abstract Task<ClusterProfile> ProfileAsync();

    [Fact]
    public async Task Every_task_of_a_100000_task_job_ends_once_when_a_silo_is_killed_midway()
    {
        await using var cluster = await TwoSiloCluster.StartAsync(await ProfileAsync());
        var jobs = new JobClient(cluster.Client, "kill-" + Guid.NewGuid().ToString("N")[..8]);
        var job = await jobs.CreateJobAsync(Program);
        using var done = new CancellationTokenSource();
        var seen = new ConcurrentQueue<Positioned<TaskResult>>();
        var subscriber = Task.Run(() => FollowResultsAsync(job, seen, done.Token));

        await job.SubmitTasksAsync(Enumerable.Range(0, Tasks));
        await Eventually.ThatAsync(async () => (await job.GetInfoAsync()) is { } info && info.Finished + info.Failed >= Tasks / 3,
            TimeSpan.FromMinutes(5), "a third of the tasks to end");
        await cluster.KillAsync(await cluster.HostOfAsync(cluster.Client.GetGrain<IJobGrain>(job.Id)));
        await Eventually.ThatAsync(async () => (await job.GetInfoAsync()) is { } info && info.Finished + info.Failed == Tasks,
            TimeSpan.FromMinutes(10), "every task to end");
        var results = await ReadAllAsync(job.ReadResultsAsync());
        var errors = await ReadAllAsync(job.ReadErrorsAsync());
        await Eventually.ThatAsync(() => Task.FromResult(seen.Count >= results.Count), TimeSpan.FromMinutes(5), "the subscriber to catch up");
        await done.CancelAsync();
        await subscriber;

        var info = await job.GetInfoAsync();
        Assert.Equal(Tasks, info.Total);
        Assert.Equal(Tasks - Tasks / 1000, info.Finished);
        Assert.Equal(Tasks / 1000, info.Failed);
        // Each task once, as a result or as an error, never both.
        var ended = results.Select(r => r.Item.Index).Concat(errors.Select(e => e.Item.Index)).ToArray();
        Assert.Equal(Tasks, ended.Length);
        Assert.Equal(Tasks, ended.Distinct().Count());
        Assert.All(results, r => Assert.Equal(r.Item.Index * 2, r.Item.Value.GetInt64()));
        // The subscriber: positions strictly increasing (no duplicate) and the same results as recorded (no gap).
        var received = seen.ToArray();
        Assert.All(received.Zip(received.Skip(1)), p => Assert.True(p.Second.Position > p.First.Position));
        Assert.Equal(results.Select(r => r.Item.Index).Order(), received.Select(r => r.Item.Index).Order());
    }

    [Fact]
    public async Task A_rolling_restart_of_both_silos_under_a_job_ends_every_task_once()
    {
        const int Count = 20_000;
        await using var cluster = await TwoSiloCluster.StartAsync(await ProfileAsync());
        var jobs = new JobClient(cluster.Client, "rolling-" + Guid.NewGuid().ToString("N")[..8]);
        // About 2 ms a task, so that the job is still running while the silos restart.
        var job = await jobs.CreateJobAsync(
            "function Run(d) { var until = Date.now() + 2; while (Date.now() < until) { } if (d % 1000 === 999) { throw new Error('task ' + d); } return d * 2; }");
        await job.SubmitTasksAsync(Enumerable.Range(0, Count));
        var before = await job.GetInfoAsync();
        Assert.True(before.Finished + before.Failed < Count / 2, $"The job was nearly done ({before.Finished + before.Failed} of {Count}) before the restarts.");

        foreach (var silo in cluster.Silos.ToArray())
        {
            await silo.StopAsync();
            await cluster.StartAgainAsync(silo);
            await cluster.WaitForActiveSilosAsync(2);
        }
        await Eventually.ThatAsync(async () => (await job.GetInfoAsync()) is { } info && info.Finished + info.Failed == Count,
            TimeSpan.FromMinutes(10), "every task to end");

        var results = await ReadAllAsync(job.ReadResultsAsync());
        var errors = await ReadAllAsync(job.ReadErrorsAsync());
        var ended = results.Select(r => r.Item.Index).Concat(errors.Select(e => e.Item.Index)).Order().ToArray();
        Assert.Equal(Enumerable.Range(0, Count).Select(i => (long)i), ended);
        Assert.Equal(Count / 1000, errors.Count);
        Assert.All(results, r => Assert.Equal(r.Item.Index * 2, r.Item.Value.GetInt64()));
        Assert.Equal(Enumerable.Range(1, results.Count).Select(i => (long)i), results.Select(r => r.Position));
    }

    // Subscribes from the start and, whenever the subscription breaks (its silo died), again
    // right after the last position received.
    private static async Task FollowResultsAsync(Job job, ConcurrentQueue<Positioned<TaskResult>> seen, CancellationToken cancellationToken)
    {
        long? after = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var result in job.GetResultsStream(after, cancellationToken))
                {
                    seen.Enqueue(result);
                    after = result.Position;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is OrleansException or TimeoutException or InvalidOperationException)
            {
                await Task.Delay(500, CancellationToken.None);
            }
        }
    }

    private static async Task<List<Positioned<T>>> ReadAllAsync<T>(IAsyncEnumerable<Positioned<T>> items)
    {
        var all = new List<Positioned<T>>();
        await foreach (var item in items)
        {
            all.Add(item);
        }
        return all;
    }
}

public sealed class PostgreSqlJobsUnderKillTests : JobsUnderKillTests
{
    protected override Task<ClusterProfile> ProfileAsync() => ClusterProfile.PostgreSqlAsync();
}

public sealed class AzureStorageJobsUnderKillTests : JobsUnderKillTests
{
    protected override Task<ClusterProfile> ProfileAsync() => ClusterProfile.AzureStorageAsync();
}
