using JobRuntime.GrainInterfaces;

namespace JobRuntime.Jobs.Tests;

/// <summary>JavaScript jobs end to end: client, silo, durable queue, Node.js workers, results stream.</summary>
public sealed class JavaScriptJobTests
{
    [Fact]
    public async Task The_seed_example_doubles_numbers_through_the_client()
    {
        await using var fixture = await JobsFixture.StartAsync();
        var job = await fixture.Jobs.CreateJobAsync("function Run (d) { return d*2; }");
        var results = new List<int>();
        await foreach (var result in job.RunAsync(Enumerable.Range(0, 2000)))
        {
            results.Add(result.GetInt32());
        }
        Assert.Equal(Enumerable.Range(0, 2000).Select(d => d * 2), results.Order());
    }

    [Fact]
    public async Task A_throwing_program_yields_crowdprocess_errors_and_the_other_results()
    {
        await using var fixture = await JobsFixture.StartAsync();
        var job = await fixture.Jobs.CreateJobAsync("""
            function Run (d) {
                if (d === 4) {
                    throw new Error("oops, it's " + d);
                }
                return d;
            }
            """);
        var run = job.RunAsync(Enumerable.Range(0, 10));
        var results = new List<int>();
        await foreach (var result in run)
        {
            results.Add(result.GetInt32());
        }
        Assert.Equal([0, 1, 2, 3, 5, 6, 7, 8, 9], results.Order());
        var error = Assert.Single(run.Errors).Error;
        Assert.Equal(("oops, it's 4", "Error", "program"), (error.Message, error.Name, error.Type));
        Assert.Contains(".js:3:", error.Stack);
    }

    [Fact]
    public async Task A_program_with_a_syntax_error_is_refused_with_line_and_column()
    {
        await using var fixture = await JobsFixture.StartAsync();
        var error = await Assert.ThrowsAsync<InvalidJobException>(() => fixture.Jobs.CreateJobAsync("function Run(d) {\n  return d *;\n}"));
        Assert.Contains("line 2", error.Message);
        Assert.Contains("column", error.Message);
    }

    [Fact]
    public async Task A_task_that_loops_forever_times_out_and_the_job_goes_on()
    {
        await using var fixture = await JobsFixture.StartAsync();
        var job = await fixture.Jobs.CreateJobAsync("function Run(d) { if (d === 1) { for (;;) {} } return d; }", new JobOptions(TaskTimeoutSeconds: 1));
        var run = job.RunAsync([0, 1, 2, 3]);
        var results = new List<int>();
        await foreach (var result in run)
        {
            results.Add(result.GetInt32());
        }
        Assert.Equal([0, 2, 3], results.Order());
        Assert.Equal("timeout", Assert.Single(run.Errors).Error.Type);
    }
}
