using System.Diagnostics;
using System.Text.Json;

namespace JobRuntime.Queues.Processors;

/// <summary>
/// Runs each task in a process of its own (any executable; for .NET apps, the app itself with
/// <see cref="IsolatedTask.RunIfRequestedAsync"/> at the top of <c>Main</c>), so blocking CPU work
/// never holds the worker's heartbeat. The task arrives as JSON on standard input.
/// </summary>
internal sealed class IsolatedProcessor(string fileName, IReadOnlyList<string> arguments, ProcessProcessorOptions options) : IQueueProcessor
{
    public Task ProcessAsync(QueueTask task, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName) { WorkingDirectory = options.WorkingDirectory ?? "" };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        var input = JsonSerializer.Serialize(new IsolatedTaskInput(task.Id, task.Kwargs, task.NumRetries, task.Queue, task.WorkerId));
        return ProcessTaskRunner.RunAsync(start, task, input, options, cancellationToken);
    }
}

/// <summary>What an isolated task's process reads on its standard input.</summary>
internal sealed record IsolatedTaskInput(string Id, JsonElement Kwargs, int NumRetries, string Queue, string WorkerId);
