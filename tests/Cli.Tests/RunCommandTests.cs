using System.Text.Json;

namespace JobRuntime.Cli.Tests;

public sealed class RunCommandTests(CliFixture fixture) : IClassFixture<CliFixture>
{
    [Fact]
    public async Task Run_with_tasks_from_stdin_prints_every_result_and_a_progress_line_and_exits_0()
    {
        var user = CliFixture.NewUser();
        var result = await CliRunner.RunAsync(fixture.Args(user, "run", "--dotnet", "double"), CliRunner.Lines(Enumerable.Range(0, 500)));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Enumerable.Range(0, 500).Select(d => d * 2), result.Lines.Select(int.Parse).Order());
        Assert.Contains("500 done, 0 failed, 500 total", result.Error);
        Assert.Contains("tasks/s", result.Error);
        var job = Assert.Single(await fixture.Jobs(user).ListJobsAsync());
        Assert.Contains($"job {job.Id}", result.Error);
        Assert.Equal((500, 500, 0), (job.Total, job.Finished, job.Failed));
    }

    [Fact]
    public async Task Task_errors_are_json_lines_on_stderr_and_the_run_still_exits_0()
    {
        var result = await CliRunner.RunAsync(fixture.Args(CliFixture.NewUser(), "run", "--dotnet", "fail-on-4"), CliRunner.Lines(Enumerable.Range(0, 10)));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal([0, 1, 2, 3, 5, 6, 7, 8, 9], result.Lines.Select(int.Parse).Order());
        var errorLine = Assert.Single(result.Error.Split('\n'), l => l.StartsWith('{'));
        using var error = JsonDocument.Parse(errorLine);
        Assert.Equal(4, error.RootElement.GetProperty("index").GetInt64());
        Assert.Equal("oops, it's 4", error.RootElement.GetProperty("message").GetString());
        Assert.Equal("InvalidOperationException", error.RootElement.GetProperty("name").GetString());
        Assert.Equal("program", error.RootElement.GetProperty("type").GetString());
        Assert.Contains("9 done, 1 failed, 10 total", result.Error);
    }

    [Fact]
    public async Task Tasks_come_from_a_file_and_errors_go_to_a_file_when_asked()
    {
        var folder = Directory.CreateTempSubdirectory("jobrt-cli-").FullName;
        try
        {
            var tasks = Path.Combine(folder, "tasks.ndjson");
            var errors = Path.Combine(folder, "errors.ndjson");
            await File.WriteAllTextAsync(tasks, "0\n1\n\n2\r\n3\n4\n5\n");
            var result = await CliRunner.RunAsync(fixture.Args(CliFixture.NewUser(), "run", "--dotnet", "fail-on-4", "--tasks", tasks, "--errors", errors, "--quiet"));

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal([0, 1, 2, 3, 5], result.Lines.Select(int.Parse).Order());
            Assert.DoesNotContain("oops", result.Error);
            Assert.DoesNotContain("tasks/s", result.Error);
            var line = Assert.Single(await File.ReadAllLinesAsync(errors));
            Assert.Contains("\"index\":4", line);
            Assert.Contains("oops, it's 4", line);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Run_takes_bid_and_timeout_for_its_job()
    {
        var user = CliFixture.NewUser();
        var result = await CliRunner.RunAsync(fixture.Args(user, "run", "--dotnet", "slow", "--bid", "3", "--timeout", "0.3"), "1\n");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(result.Lines);
        Assert.Contains("\"type\":\"timeout\"", result.Error);
        Assert.Equal(3, Assert.Single(await fixture.Jobs(user).ListJobsAsync()).Bid);
    }

    [Fact]
    public async Task A_task_line_that_is_not_json_is_a_clear_error_and_exit_1()
    {
        var result = await CliRunner.RunAsync(fixture.Args(CliFixture.NewUser(), "run", "--dotnet", "double"), "1\n{nope\n3\n");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Line 2 of the tasks (stdin) is not JSON: {nope", result.Error);
        Assert.Contains("0 tasks before it were submitted", result.Error);
    }

    [Fact]
    public async Task Run_takes_a_javascript_program_from_a_file()
    {
        var program = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(program, "async function Run(d) {\n  return { n: d, square: d * d };\n}\n");
            var result = await CliRunner.RunAsync(fixture.Args(CliFixture.NewUser(), "run", program), "1\n2\n3\n");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal([1, 4, 9], result.Lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("square").GetInt32()).Order());
        }
        finally
        {
            File.Delete(program);
        }
    }

    [Fact]
    public async Task A_program_with_a_syntax_error_is_refused_with_line_and_column_and_exit_1()
    {
        var user = CliFixture.NewUser();
        var result = await CliRunner.RunAsync(fixture.Args(user, "run", "-e", "function Run(d) {\n  return d * ;\n}"), "1\n");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("SyntaxError", result.Error);
        Assert.Contains("line 2", result.Error);
        Assert.Empty(await fixture.Jobs(user).ListJobsAsync());
    }

    [Fact]
    public async Task A_rejected_program_prints_its_message_and_exits_1()
    {
        var user = CliFixture.NewUser();
        var result = await CliRunner.RunAsync(fixture.Args(user, "run", "--dotnet", "nope"), "1\n");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("jobrt: No .NET task handler is named 'nope'", result.Error);
        Assert.Empty(await fixture.Jobs(user).ListJobsAsync());
    }

    [Fact]
    public async Task An_empty_input_runs_no_task_and_exits_0()
    {
        var result = await CliRunner.RunAsync(fixture.Args(CliFixture.NewUser(), "run", "--dotnet", "double"), "");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(result.Lines);
        Assert.Contains("0 done, 0 failed, 0 total", result.Error);
    }

    [Fact]
    public async Task Ctrl_C_ends_a_run_with_exit_130_and_names_the_job()
    {
        using var cancel = new CancellationTokenSource();
        var error = new CapturedWriter();
        var running = CliRunner.RunAsync(fixture.Args(CliFixture.NewUser(), "run", "--dotnet", "slow"), "1\n2\n", new CapturedWriter(), error, cancellationToken: cancel.Token);
        await Until(() => error.ToString().Contains("job "));
        cancel.Cancel();

        Assert.Equal(130, await running.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("interrupted; job ", error.ToString());
    }

    [Fact]
    public async Task The_silo_is_found_through_JOBRT_GATEWAY_and_the_user_through_JOBRT_USER()
    {
        var user = CliFixture.NewUser();
        var variables = new Dictionary<string, string> { ["JOBRT_GATEWAY"] = fixture.Gateway, ["JOBRT_USER"] = user };
        var result = await CliRunner.RunAsync(["run", "--dotnet", "double", "-q"], "21\n", variables);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["42"], result.Lines);
        Assert.Single(await fixture.Jobs(user).ListJobsAsync());
    }

    [Fact]
    public async Task An_unreachable_silo_is_a_clear_error_and_exit_1()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var result = await CliRunner.RunAsync(["--gateway", $"127.0.0.1:{port}", "list"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"No silo answered at 127.0.0.1:{port}", result.Error);
    }

    internal static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(20);
        }
    }
}
