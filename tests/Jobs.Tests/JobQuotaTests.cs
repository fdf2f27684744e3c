using System.Net;
using JobRuntime.GrainInterfaces;
using JobRuntime.Grains.Hosting;
using JobRuntime.Grains.Jobs;

namespace JobRuntime.Jobs.Tests;

/// <summary>
/// A job's storage quota (<c>JobRuntime:Jobs:MaxJobBytes</c>) over its task inputs and stored
/// outcomes: a submission past it is refused whole with a typed error naming the job and the limit,
/// and the silo goes on serving.
/// </summary>
public sealed class JobQuotaTests
{
    [Fact]
    public async Task A_submission_past_the_quota_gets_413_naming_the_job_and_the_limit_and_keeps_nothing_of_it()
    {
        await using var host = await HttpApiHost.StartAsync(configuration: new() { ["JobRuntime:Jobs:MaxJobBytes"] = "2048" });
        var alice = host.Client("alice");
        var id = await alice.CreateAsync("double");
        using (var first = await alice.SubmitAsync(id, ["1", "2", "3"]))
        {
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        }
        await alice.WaitDoneAsync(id, 3);

        using var refused = await alice.SubmitAsync(id, [$"\"{new string('x', 3_000)}\""]);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        var message = await refused.MessageAsync();
        Assert.Contains($"Job '{id}'", message);
        Assert.Contains("quota of 2048 bytes", message);
        Assert.Contains("JobRuntime:Jobs:MaxJobBytes", message);
        Assert.Equal(3, (await alice.GetJobAsync(id)).GetProperty("total").GetInt64());

        // The silo goes on serving, and the job takes what fits.
        using (var next = await alice.SubmitAsync(id, ["4"]))
        {
            Assert.Equal(HttpStatusCode.Created, next.StatusCode);
        }
        await alice.WaitDoneAsync(id, 4);
    }

    [Fact]
    public async Task A_client_submission_past_the_quota_throws_a_JobLimitException_and_adds_no_task()
    {
        await using var fixture = await JobsFixture.StartAsync(s => s.Configure<JobsOptions>(o => o.MaxJobBytes = 4_096));
        var job = await fixture.Jobs.CreateJobAsync("double", kind: ProgramKind.DotNet);
        var error = await Assert.ThrowsAsync<JobLimitException>(() => job.SubmitTasksAsync(Enumerable.Range(0, 2_000)));
        Assert.Contains(job.Id, error.Message);
        Assert.Contains("MaxJobBytes", error.Message);
        Assert.Equal(0, (await job.GetInfoAsync()).Total);
    }
}
