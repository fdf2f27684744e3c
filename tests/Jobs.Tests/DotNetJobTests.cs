using JobRuntime.Grains.Hosting;
using System.Text.Json;
using JobRuntime.GrainInterfaces;

namespace JobRuntime.Jobs.Tests;

public sealed class DotNetJobTests
{
    [Fact]
    public async Task Running_tasks_yields_every_result_and_ends_by_itself()
    {
        await using var fixture = await JobsFixture.StartAsync();
        var job = await fixture.Jobs.CreateJobAsync("double", kind: ProgramKind.DotNet);
        var results = new List<int>();
        await foreach (var result in job.RunAsync(Enumerable.Range(0, 1000)))
        {
            results.Add(result.GetInt32());
        }
        Assert.Equal(Enumerable.Range(0, 1000).Select(d => d * 2), results.Order());
        var info = await job.GetInfoAsync();
        Assert.Equal((1000, 1000, 0), (info.Total, info.Finished, info.Failed));
    }

    [Fact]
    public async Task A_failing_task_becomes_an_error_of_the_run_and_the_others_go_on()
    {
        await using var fixture = await JobsFixture.StartAsync();
        var job = await fixture.Jobs.CreateJobAsync("fail-on-4", kind: ProgramKind.DotNet);
        var run = job.RunAsync(Enumerable.Range(0, 10));
        var results = new List<int>();
        await foreach (var result in run)
        {
            results.Add(result.GetInt32());
        }
        Assert.Equal([0, 1, 2, 3, 5, 6, 7, 8, 9], results.Order());
        var error = Assert.Single(run.Errors);
        Assert.Equal(4, error.Index);
        Assert.Equal("oops, it's 4", error.Error.Message);
        Assert.Equal("program", error.Error.Type);
        Assert.Equal("InvalidOperationException", error.Error.Name);
        var view = await job.GetTaskAsync(4);
        Assert.Equal("failed", view.State);
    }

    [Fact]
    public async Task A_task_past_its_time_limit_ends_with_a_timeout_error()
    {
        await using var fixture = await JobsFixture.StartAsync();
        var job = await fixture.Jobs.CreateJobAsync("slow", new JobOptions(TaskTimeoutSeconds: 0.3), ProgramKind.DotNet);
        var run = job.RunAsync([1]);
        await foreach (var _ in run)
        {
        }
        Assert.Equal("timeout", Assert.Single(run.Errors).Error.Type);
    }

    [Fact]
    public async Task Results_and_errors_so_far_are_read_back_after_the_run()
    {
        await using var fixture = await JobsFixture.StartAsync();
        var job = await fixture.Jobs.CreateJobAsync("fail-on-4", kind: ProgramKind.DotNet);
        await foreach (var _ in job.RunAsync(Enumerable.Range(0, 6)))
        {
        }
        var reopened = fixture.Jobs.OpenJob(job.Id);
        var results = new List<int>();
        await foreach (var result in reopened.GetResultsAsync())
        {
            results.Add(result.GetInt32());
        }
        Assert.Equal([0, 1, 2, 3, 5], results.Order());
        var errors = new List<TaskError>();
        await foreach (var error in reopened.GetErrorsAsync())
        {
            errors.Add(error);
        }
        Assert.Single(errors);
    }

    [Fact]
    public async Task One_jobs_results_feed_another_job_while_both_run()
    {
        await using var fixture = await JobsFixture.StartAsync();
        var doubler = await fixture.Jobs.CreateJobAsync("double", kind: ProgramKind.DotNet);
        var again = await fixture.Jobs.CreateJobAsync("double", kind: ProgramKind.DotNet);
        var results = new List<int>();
        await foreach (var result in again.RunAsync(doubler.RunAsync(Enumerable.Range(0, 100))))
        {
            results.Add(result.GetInt32());
        }
        Assert.Equal(Enumerable.Range(0, 100).Select(d => d * 4), results.Order());
    }

    [Fact]
    public async Task Jobs_are_listed_and_deleted_per_owner()
    {
        await using var fixture = await JobsFixture.StartAsync();
        var first = await fixture.Jobs.CreateJobAsync("double", kind: ProgramKind.DotNet);
        await fixture.Jobs.CreateJobAsync("double", kind: ProgramKind.DotNet);
        var bob = new Client.Jobs.JobClient(fixture.Client, "bob");
        await bob.CreateJobAsync("double", kind: ProgramKind.DotNet);
        Assert.Equal(2, (await fixture.Jobs.ListJobsAsync()).Length);
        await first.DeleteAsync();
        await Assert.ThrowsAsync<JobNotFoundException>(() => first.GetInfoAsync());
        Assert.Single(await fixture.Jobs.ListJobsAsync());
        Assert.Equal(1, await fixture.Jobs.DeleteAllJobsAsync());
        Assert.Empty(await fixture.Jobs.ListJobsAsync());
        Assert.Single(await bob.ListJobsAsync());
    }

    [Fact]
    public async Task A_job_naming_an_unknown_handler_is_refused()
    {
        await using var fixture = await JobsFixture.StartAsync();
        var error = await Assert.ThrowsAsync<InvalidJobException>(() => fixture.Jobs.CreateJobAsync("nope", kind: ProgramKind.DotNet));
        Assert.Contains("nope", error.Message);
        Assert.Contains("double", error.Message);
    }

    [Fact]
    public async Task A_live_results_stream_resumed_from_its_last_position_has_no_gap_and_no_duplicate()
    {
        await using var fixture = await JobsFixture.StartAsync();
        var job = await fixture.Jobs.CreateJobAsync("double", kind: ProgramKind.DotNet);
        var seen = new List<long>();
        long? last = null;
        await using (var live = await job.SubscribeResultsAsync())
        {
            await job.SubmitTasksAsync(Enumerable.Range(0, 100));
            await foreach (var (position, result) in live.WithCancellation(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token))
            {
                seen.Add(result.Index);
                last = position;
                if (seen.Count == 50)
                {
                    break;
                }
            }
        }
        await foreach (var (_, result) in job.GetResultsStream(last))
        {
            seen.Add(result.Index);
            if (seen.Count == 100)
            {
                break;
            }
        }
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), seen.Order());
    }

    [Fact]
    public async Task Tasks_running_when_the_silo_stops_run_again_after_its_restart_without_waiting_out_their_leases()
    {
        var starts = 0;
        await using var fixture = await JobsFixture.StartAsync(s =>
        {
            var generation = Interlocked.Increment(ref starts);
            s.AddJobs(o => o.ResumeInterval = TimeSpan.FromMinutes(10));
            // The first silo holds every task until it stops; the restarted one runs them.
            s.AddTaskHandler<int, int>("hold-in-first-silo", async (d, ct) =>
            {
                if (generation == 1)
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }
                return d;
            });
        });
        var job = await fixture.Jobs.CreateJobAsync("hold-in-first-silo", kind: ProgramKind.DotNet);
        await job.SubmitTasksAsync(Enumerable.Range(0, 10));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await job.GetTaskAsync(0)).State != "running")
        {
            Assert.True(DateTime.UtcNow < deadline, "the task was never leased");
            await Task.Delay(50);
        }

        await fixture.Cluster.RestartSiloAsync(fixture.Cluster.Silos[0]);

        // Far sooner than the 10-minute lease: the stopping silo gave its tasks back.
        deadline = DateTime.UtcNow.AddSeconds(60);
        var finished = 0L;
        while (finished < 10)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {finished} of 10 tasks ran after the restart");
            await Task.Delay(100);
            try
            {
                finished = (await job.GetInfoAsync()).Finished;
            }
            catch (Orleans.Runtime.Messaging.ConnectionFailedException)
            {
                // The client reconnects to the restarted silo's gateway by itself.
            }
        }
        Assert.Equal(Enumerable.Range(0, 10).Sum(), (await job.GetResultsAsync().ToListAsync()).Sum(r => r.GetInt32()));
    }
}
