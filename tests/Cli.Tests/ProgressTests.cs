namespace JobRuntime.Cli.Tests;

/// <summary>Progress of long commands on standard error: bars on a terminal, plain lines otherwise.</summary>
public sealed class ProgressTests(CliFixture fixture) : IClassFixture<CliFixture>
{
    [Fact]
    public async Task Run_writes_plain_progress_lines_when_standard_error_is_not_a_terminal()
    {
        var result = await CliRunner.RunAsync(fixture.Args(CliFixture.NewUser(), "run", "--dotnet", "double"), CliRunner.Lines(Enumerable.Range(0, 100)));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("100 done, 0 failed, 100 total", result.Error);
        Assert.DoesNotContain('\r', result.Error);
        Assert.DoesNotContain('\u001b', result.Error);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("submit")]
    public async Task Run_and_submit_draw_a_progress_bar_when_standard_error_is_a_terminal(string command)
    {
        var user = CliFixture.NewUser();
        var id = (await fixture.Jobs(user).CreateJobAsync("double", kind: GrainInterfaces.ProgramKind.DotNet)).Id;
        string[] args = command == "run" ? fixture.Args(user, "run", "--dotnet", "double") : fixture.Args(user, "submit", id);
        var output = new CapturedWriter();
        var error = new CapturedWriter();
        var environment = new CliEnvironment(new StringReader(CliRunner.Lines(Enumerable.Range(0, 2_000))), output, error)
        {
            GetVariable = _ => null,
            ErrorIsTerminal = true,
        };

        var code = await Cli.RunAsync(args, environment, CancellationToken.None);

        Assert.True(code == 0, error.ToString());
        Assert.Contains("100%", error.ToString());
        Assert.Contains(command == "run" ? "2,000 done, 0 failed, 2,000 total" : "2,000 submitted", error.ToString());
    }
}
