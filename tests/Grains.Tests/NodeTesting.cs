using System.Text.Json;
using JobRuntime.GrainInterfaces;
using JobRuntime.Grains.Execution;
using JobRuntime.Grains.JavaScript;
using Microsoft.Extensions.Logging.Abstractions;

namespace JobRuntime.Grains.Tests;

/// <summary>Builders for JavaScript executor tests: each executor starts real node processes.</summary>
internal static class NodeTesting
{
    public static JavaScriptExecutor Executor(int workers = 2, string? path = null) =>
        new(new NodeOptions { Workers = workers, Path = path }, NullLogger<JavaScriptExecutor>.Instance);

    public static JobProgram Program(string text, double timeoutSeconds = 20, int memoryLimitMb = 128, int outputLimitBytes = 1 << 20) =>
        new($"t{Guid.NewGuid():N}", text, TimeSpan.FromSeconds(timeoutSeconds), memoryLimitMb, outputLimitBytes);

    public static TaskInput[] Tasks(params object?[] inputs) =>
        [.. inputs.Select((input, i) => new TaskInput(i, JsonSerializer.SerializeToElement(input)))];

    public static TaskInput[] Numbers(int count, long firstIndex = 0) =>
        [.. Enumerable.Range(0, count).Select(i => new TaskInput(firstIndex + i, JsonSerializer.SerializeToElement(i)))];

    public static async Task<TaskOutcome> RunOneAsync(JavaScriptExecutor executor, JobProgram program, object? input = null)
    {
        var outcomes = await executor.RunAsync(program, Tasks(input ?? 0), CancellationToken.None);
        return Assert.Single(outcomes);
    }

    public static string Raw(TaskOutcome outcome)
    {
        Assert.Null(outcome.Error);
        Assert.NotNull(outcome.Result);
        return outcome.Result.Value.GetRawText();
    }

    public static TaskError Error(TaskOutcome outcome, string type)
    {
        Assert.True(outcome.Error is not null, $"expected a {type} error, got the result {outcome.Result?.GetRawText()}");
        Assert.Null(outcome.Result);
        Assert.True(type == outcome.Error.Type, $"expected a {type} error, got {outcome.Error}");
        return outcome.Error;
    }
}
