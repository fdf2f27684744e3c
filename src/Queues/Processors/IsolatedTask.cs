using System.Text.Json;

namespace JobRuntime.Queues.Processors;

/// <summary>
/// The child side of <see cref="QueueProcessors.Isolated(string, IReadOnlyList{string}, ProcessProcessorOptions?)"/> for .NET apps:
/// <code>
/// if (await IsolatedTask.RunIfRequestedAsync(args, task => Square(task.Get&lt;Input&gt;())) is { } exitCode) return exitCode;
/// // ... otherwise the app launches workers with QueueProcessors.Isolated(Environment.ProcessPath!, [IsolatedTask.Argument])
/// </code>
/// </summary>
public static class IsolatedTask
{
    /// <summary>The argument that makes the app run one task from standard input and exit.</summary>
    public const string Argument = "--jobq-isolated-task";

    /// <summary>
    /// When <paramref name="args"/> holds <see cref="Argument"/>, reads the task from standard input,
    /// runs <paramref name="run"/> on this thread and returns the exit code (0, or 1 after writing the
    /// error to standard error); otherwise returns null at once.
    /// </summary>
    public static async Task<int?> RunIfRequestedAsync(string[] args, Action<QueueTask> run)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(run);
        if (!args.Contains(Argument, StringComparer.Ordinal))
        {
            return null;
        }
        var text = await Console.In.ReadToEndAsync().ConfigureAwait(false);
        var input = JsonSerializer.Deserialize<IsolatedTaskInput>(text)
            ?? throw new InvalidOperationException("No task arrived on standard input.");
        try
        {
            run(new QueueTask(input.Id, input.Kwargs, input.NumRetries, input.Queue, input.WorkerId));
            return 0;
        }
        catch (Exception e)
        {
            await Console.Error.WriteLineAsync($"{e.GetType().Name}: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
