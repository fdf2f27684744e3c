using System.Diagnostics;
using System.Text.Json;
using JobRuntime.GrainInterfaces;

namespace JobRuntime.Grains.Execution;

/// <summary>A .NET task handler registered by name: it takes a task's JSON input and returns its result.</summary>
public sealed class TaskHandlerRegistration(string name, Func<JsonElement, CancellationToken, Task<JsonElement>> run)
{
    /// <summary>The handler's name, chosen when a job is created.</summary>
    public string Name { get; } = name;

    internal Func<JsonElement, CancellationToken, Task<JsonElement>> Run { get; } = run;
}

/// <summary>
/// Runs .NET handlers in the silo's process under the job's time limit: the handler's token is
/// cancelled at the limit, and a handler that ignores it is abandoned with a "timeout" error.
/// </summary>
internal sealed class DotNetTaskExecutor(IEnumerable<TaskHandlerRegistration> registrations) : ITaskExecutor
{
    private readonly Dictionary<string, TaskHandlerRegistration> _handlers = registrations.ToDictionary(r => r.Name, StringComparer.Ordinal);

    public IReadOnlyCollection<string> Names => _handlers.Keys;

    public Task<string?> CheckProgramAsync(string program, CancellationToken cancellationToken) =>
        Task.FromResult(_handlers.ContainsKey(program)
            ? null
            : $"No .NET task handler is named '{program}'; this silo has: {(_handlers.Count == 0 ? "none" : string.Join(", ", _handlers.Keys))}.");

    public async Task<IReadOnlyList<TaskOutcome>> RunAsync(JobProgram program, IReadOnlyList<TaskInput> tasks, CancellationToken cancellationToken)
    {
        var handler = _handlers[program.Text];
        var outcomes = new List<TaskOutcome>(tasks.Count);
        foreach (var task in tasks)
        {
            outcomes.Add(await RunOneAsync(handler, program, task, cancellationToken));
        }
        return outcomes;
    }

    private static async Task<TaskOutcome> RunOneAsync(TaskHandlerRegistration handler, JobProgram program, TaskInput task, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(program.TaskTimeout);
        try
        {
            var result = await handler.Run(task.Data, limit.Token).WaitAsync(program.TaskTimeout, cancellationToken);
            if (result.GetRawText().Length > program.OutputLimitBytes)
            {
                return Failure(task, watch, "RangeError", $"The result is larger than the output limit of {program.OutputLimitBytes} bytes.", "", TaskError.Limit);
            }
            return new TaskOutcome(task.Index, result, null, [], watch.Elapsed);
        }
        catch (Exception e) when ((e is TimeoutException || e is OperationCanceledException) && !cancellationToken.IsCancellationRequested)
        {
            return Failure(task, watch, "TimeoutError", $"The task ran longer than its limit of {program.TaskTimeout.TotalSeconds:0.###} s.", "", TaskError.Timeout);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return Failure(task, watch, e.GetType().Name, e.Message, e.StackTrace ?? "", TaskError.Program);
        }
    }

    private static TaskOutcome Failure(TaskInput task, Stopwatch watch, string name, string message, string stack, string type) =>
        new(task.Index, null, new TaskError(message, name, stack, type), [], watch.Elapsed);
}
