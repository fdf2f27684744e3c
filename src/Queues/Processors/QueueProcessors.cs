namespace JobRuntime.Queues.Processors;

/// <summary>The processors workers can run tasks with.</summary>
public static class QueueProcessors
{
    /// <summary>An async .NET delegate; the token is cancelled when the lease is lost or on a hard stop.</summary>
    public static IQueueProcessor FromDelegate(Func<QueueTask, CancellationToken, Task> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new DelegateProcessor(run);
    }

    /// <summary>A typed async delegate over the kwargs deserialized as <typeparamref name="T"/>.</summary>
    public static IQueueProcessor FromDelegate<T>(Func<T, CancellationToken, Task> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new DelegateProcessor((task, ct) => run(task.Get<T>(), ct));
    }

    /// <summary>
    /// Runs each task's <c>cmd</c> with bash (<c>JOBQ_TASK_ID</c> in its environment); a non-zero exit
    /// is a failure with the output's tail; a lost lease or timeout sends SIGTERM, then SIGKILL
    /// after <see cref="ProcessProcessorOptions.KillGracePeriod"/>.
    /// </summary>
    public static IQueueProcessor Shell(ProcessProcessorOptions? options = null) => new ShellProcessor(options ?? new ProcessProcessorOptions());

    /// <summary>Runs a JavaScript file defining <c>function Run(kwargs, context)</c> with Node.js, a process per task.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static IQueueProcessor JavaScript(string programPath, ProcessProcessorOptions? options = null, string? nodePath = null) =>
        new JavaScriptProcessor(programPath, nodePath, options ?? new ProcessProcessorOptions());

    /// <summary>Runs each task in a process of its own (task as JSON on standard input); see <see cref="IsolatedTask"/>.</summary>
    public static IQueueProcessor Isolated(string fileName, IReadOnlyList<string> arguments, ProcessProcessorOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentNullException.ThrowIfNull(arguments);
        return new IsolatedProcessor(fileName, arguments, options ?? new ProcessProcessorOptions());
    }
}
