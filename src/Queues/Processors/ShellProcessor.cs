using System.Diagnostics;

namespace JobRuntime.Queues.Processors;

/// <summary>Runs a task's <c>cmd</c> with <c>bash -c</c>; a non-zero exit is a failure.</summary>
internal sealed class ShellProcessor(ProcessProcessorOptions options) : IQueueProcessor
{
    public Task ProcessAsync(QueueTask task, CancellationToken cancellationToken)
    {
        var command = task.Kwargs.ValueKind == System.Text.Json.JsonValueKind.Object && task.Kwargs.TryGetProperty("cmd", out var cmd) && cmd.ValueKind == System.Text.Json.JsonValueKind.String
            ? cmd.GetString()!
            : throw new TaskFailedException($"Task {task.Id} has no \"cmd\" string for the shell processor: {task.Kwargs.GetRawText()}");
        var start = new ProcessStartInfo("bash") { WorkingDirectory = options.WorkingDirectory ?? "" };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        return ProcessTaskRunner.RunAsync(start, task, input: null, options, cancellationToken);
    }
}
