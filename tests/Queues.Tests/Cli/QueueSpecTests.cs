namespace JobRuntime.Queues.Tests.Cli;

/// <summary>Specs jobrt refuses, before touching any backend.</summary>
public sealed class QueueSpecTests
{
    [Theory]
    [InlineData("redis:x/tasks", "Unknown queue backend 'redis'")]
    [InlineData("sqlite:./q.db/Bad_Name", "Invalid queue name 'Bad_Name'")]
    [InlineData("sqlite:tasks", "names no SQLite file")]
    [InlineData("azure:NO_SUCH_VARIABLE_FOR_JOBRT/tasks", "'NO_SUCH_VARIABLE_FOR_JOBRT'")]
    public async Task A_bad_spec_exits_2_saying_what_is_wrong(string spec, string message)
    {
        var result = await Jobrt.RunAsync(Path.GetTempPath(), "queue", spec, "size");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
    }

    [Fact]
    public async Task A_bad_duration_exits_2_naming_the_option()
    {
        var result = await Jobrt.RunAsync(Path.GetTempPath(), "queue", "sqlite:./q.db/tasks", "worker", "--time-limit", "5x");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--time-limit", result.Error);
    }
}
