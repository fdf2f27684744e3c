using System.Text.Json;

namespace JobRuntime.Cli.Tests;

public sealed class JobCommandsTests(CliFixture fixture) : IClassFixture<CliFixture>
{
    [Fact]
    public async Task Create_prints_the_id_of_a_new_job()
    {
        var user = CliFixture.NewUser();
        var created = await CliRunner.RunAsync(fixture.Args(user, "create", "--dotnet", "double", "--bid", "2"));

        Assert.True(created.ExitCode == 0, created.ToString());
        var id = Assert.Single(created.Lines);
        var info = await fixture.Jobs(user).OpenJob(id).GetInfoAsync();
        Assert.Equal((user, 2.0, 0L), (info.Owner, info.Bid, info.Total));
    }

    [Fact]
    public async Task Submit_then_results_and_errors_read_everything_so_far()
    {
        var user = CliFixture.NewUser();
        var id = await CreateAsync(user, "fail-on-4");
        var submitted = await CliRunner.RunAsync(fixture.Args(user, "submit", id), CliRunner.Lines(Enumerable.Range(0, 10)));
        Assert.True(submitted.ExitCode == 0, submitted.ToString());
        Assert.Contains($"submitted 10 tasks to job {id}", submitted.Error);
        await WaitForAllEndedAsync(user, id);

        var results = await CliRunner.RunAsync(fixture.Args(user, "results", id));
        Assert.True(results.ExitCode == 0, results.ToString());
        Assert.Equal([0, 1, 2, 3, 5, 6, 7, 8, 9], results.Lines.Select(int.Parse).Order());

        var errors = await CliRunner.RunAsync(fixture.Args(user, "results", id, "--errors"));
        Assert.True(errors.ExitCode == 0, errors.ToString());
        using var error = JsonDocument.Parse(Assert.Single(errors.Lines));
        Assert.Equal(4, error.RootElement.GetProperty("index").GetInt64());
        Assert.Equal("oops, it's 4", error.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Submit_reads_tasks_from_a_file()
    {
        var user = CliFixture.NewUser();
        var id = await CreateAsync(user, "double");
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, CliRunner.Lines(Enumerable.Range(0, 2500)));
            var submitted = await CliRunner.RunAsync(fixture.Args(user, "submit", id, "--tasks", file));
            Assert.True(submitted.ExitCode == 0, submitted.ToString());
            Assert.Equal(2500, (await fixture.Jobs(user).OpenJob(id).GetInfoAsync()).Total);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Submit_stops_at_a_line_that_is_not_json_and_says_what_was_submitted()
    {
        var user = CliFixture.NewUser();
        var id = await CreateAsync(user, "double");
        var result = await CliRunner.RunAsync(fixture.Args(user, "submit", id), CliRunner.Lines(Enumerable.Range(0, 1000)) + "[1,\n");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Line 1001 of the tasks (stdin) is not JSON", result.Error);
        Assert.Contains($"1000 tasks before it were submitted to job {id}", result.Error);
        Assert.Equal(1000, (await fixture.Jobs(user).OpenJob(id).GetInfoAsync()).Total);
    }

    [Fact]
    public async Task Results_stream_prints_past_and_new_results_until_cancelled_then_exits_0()
    {
        var user = CliFixture.NewUser();
        var id = await CreateAsync(user, "double");
        await fixture.Jobs(user).OpenJob(id).SubmitTasksAsync([1, 2]);
        using var cancel = new CancellationTokenSource();
        var output = new CapturedWriter();
        var streaming = CliRunner.RunAsync(fixture.Args(user, "results", id, "--stream"), "", output, new CapturedWriter(), cancellationToken: cancel.Token);
        await RunCommandTests.Until(() => output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 2);
        await fixture.Jobs(user).OpenJob(id).SubmitTasksAsync([3, 4, 5]);
        await RunCommandTests.Until(() => output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 5);
        cancel.Cancel();

        Assert.Equal(0, await streaming.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal([2, 4, 6, 8, 10], output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).Order());
    }

    [Fact]
    public async Task Cancel_prints_the_job_as_cancelled_and_the_job_refuses_more_tasks()
    {
        var user = CliFixture.NewUser();
        var id = await CreateAsync(user, "double");
        var cancelled = await CliRunner.RunAsync(fixture.Args(user, "cancel", id));
        Assert.True(cancelled.ExitCode == 0, cancelled.ToString());
        using (var json = JsonDocument.Parse(cancelled.Out))
        {
            Assert.Equal("cancelled", json.RootElement.GetProperty("status").GetString());
        }

        var submitted = await CliRunner.RunAsync(fixture.Args(user, "submit", id), "1\n");
        Assert.Equal(1, submitted.ExitCode);
        Assert.Contains($"Job '{id}' was cancelled", submitted.Error);
    }

    [Fact]
    public async Task Info_prints_the_jobs_fields_as_json()
    {
        var user = CliFixture.NewUser();
        var id = await CreateAsync(user, "double");
        await CliRunner.RunAsync(fixture.Args(user, "submit", id), "1\n2\n3\n");
        await WaitForAllEndedAsync(user, id);

        var info = await CliRunner.RunAsync(fixture.Args(user, "info", id));
        Assert.True(info.ExitCode == 0, info.ToString());
        using var json = JsonDocument.Parse(info.Out);
        var root = json.RootElement;
        Assert.Equal(id, root.GetProperty("id").GetString());
        Assert.Equal((3, 3, 0), (root.GetProperty("total").GetInt32(), root.GetProperty("finished").GetInt32(), root.GetProperty("failed").GetInt32()));
        Assert.Equal("dotnet", root.GetProperty("kind").GetString());
        foreach (var field in new[] { "status", "bid", "browserHours", "created", "modified", "lastResult" })
        {
            Assert.True(root.TryGetProperty(field, out _), field);
        }
    }

    [Fact]
    public async Task List_prints_one_json_object_per_job_or_a_table()
    {
        var user = CliFixture.NewUser();
        var first = await CreateAsync(user, "double");
        var second = await CreateAsync(user, "double");

        var list = await CliRunner.RunAsync(fixture.Args(user, "list"));
        Assert.True(list.ExitCode == 0, list.ToString());
        var ids = list.Lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()).ToList();
        Assert.Equal(new[] { first, second }.Order(), ids.Order());

        var table = await CliRunner.RunAsync(fixture.Args(user, "list", "--table"));
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.StartsWith("ID", table.Lines[0]);
        Assert.Equal(3, table.Lines.Length);
        Assert.Contains(table.Lines, l => l.StartsWith(first));

        var someoneElse = await CliRunner.RunAsync(fixture.Args(CliFixture.NewUser(), "list"));
        Assert.Empty(someoneElse.Lines);
    }

    [Fact]
    public async Task Delete_removes_a_job_and_delete_all_removes_every_job_of_the_user()
    {
        var user = CliFixture.NewUser();
        var first = await CreateAsync(user, "double");
        await CreateAsync(user, "double");
        await CreateAsync(user, "double");
        var other = CliFixture.NewUser();
        await CreateAsync(other, "double");

        var deleted = await CliRunner.RunAsync(fixture.Args(user, "delete", first));
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.Equal(1, (await CliRunner.RunAsync(fixture.Args(user, "info", first))).ExitCode);
        Assert.Equal(2, (await fixture.Jobs(user).ListJobsAsync()).Length);

        var all = await CliRunner.RunAsync(fixture.Args(user, "delete", "--all"));
        Assert.True(all.ExitCode == 0, all.ToString());
        Assert.Contains("deleted 2 jobs", all.Error);
        Assert.Empty(await fixture.Jobs(user).ListJobsAsync());
        Assert.Single(await fixture.Jobs(other).ListJobsAsync());
    }

    [Theory]
    [InlineData("info")]
    [InlineData("results")]
    [InlineData("submit")]
    [InlineData("delete")]
    public async Task An_unknown_job_id_is_a_clear_message_and_exit_1(string command)
    {
        var result = await CliRunner.RunAsync(fixture.Args(CliFixture.NewUser(), command, "no-such-job"), "1\n");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("jobrt: Job 'no-such-job' does not exist or was deleted.", result.Error);
    }

    [Fact]
    public async Task Another_users_job_looks_like_no_job()
    {
        var id = await CreateAsync(CliFixture.NewUser(), "double");
        var result = await CliRunner.RunAsync(fixture.Args(CliFixture.NewUser(), "info", id));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"Job '{id}' does not exist or was deleted.", result.Error);
    }

    [Fact]
    public async Task A_missing_program_file_is_a_clear_error_and_exit_1()
    {
        var result = await CliRunner.RunAsync(fixture.Args(CliFixture.NewUser(), "create", "/no/such/program.js"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Cannot read the program '/no/such/program.js'", result.Error);
    }

    private async Task<string> CreateAsync(string user, string handler)
    {
        var created = await CliRunner.RunAsync(fixture.Args(user, "create", "--dotnet", handler));
        Assert.True(created.ExitCode == 0, created.ToString());
        return Assert.Single(created.Lines);
    }

    private async Task WaitForAllEndedAsync(string user, string id)
    {
        var job = fixture.Jobs(user).OpenJob(id);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await job.GetInfoAsync() is var info && info.Finished + info.Failed < info.Total)
        {
            Assert.True(DateTime.UtcNow < deadline, "the job's tasks did not end");
            await Task.Delay(50);
        }
    }
}
