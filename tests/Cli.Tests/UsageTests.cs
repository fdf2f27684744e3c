namespace JobRuntime.Cli.Tests;

public sealed class UsageTests
{
    [Theory]
    [InlineData(new string[0], "Required command was not provided")]
    [InlineData(new[] { "frobnicate" }, "frobnicate")]
    [InlineData(new[] { "run" }, "exactly one of")]
    [InlineData(new[] { "run", "-e", "function Run(d){return d}", "--dotnet", "double" }, "exactly one of")]
    [InlineData(new[] { "run", "--dotnet", "double", "--bid", "0" }, "--bid must be a positive number; it is '0'")]
    [InlineData(new[] { "run", "--dotnet", "double", "--timeout", "soon" }, "--timeout must be a positive number; it is 'soon'")]
    [InlineData(new[] { "create", "-e", " " }, "-e needs the program's text")]
    [InlineData(new[] { "delete" }, "Give either a job id or --all")]
    [InlineData(new[] { "delete", "some-id", "--all" }, "Give either a job id or --all")]
    [InlineData(new[] { "info" }, "Required argument missing")]
    [InlineData(new[] { "cancel" }, "Required argument missing")]
    [InlineData(new[] { "list", "--tabel" }, "--tabel")]
    [InlineData(new[] { "--gateway", "nohostport", "list" }, "The gateway must be 'host:port'")]
    public async Task Bad_usage_says_what_is_wrong_and_exits_2(string[] args, string message)
    {
        var result = await CliRunner.RunAsync(args);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.Error);
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task Help_describes_the_commands_and_exits_0()
    {
        var result = await CliRunner.RunAsync(["--help"]);

        Assert.Equal(0, result.ExitCode);
        foreach (var command in new[] { "run", "create", "submit", "results", "list", "info", "cancel", "delete", "--gateway" })
        {
            Assert.Contains(command, result.Out);
        }
        var run = await CliRunner.RunAsync(["run", "--help"]);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--tasks", run.Out);
    }
}
