namespace JobRuntime.Queues.Processors;

/// <summary>Options of the processors that run a child process per task (shell, JavaScript, isolated).</summary>
public sealed class ProcessProcessorOptions
{
    /// <summary>Longest a task may run before it is terminated and fails. Default: none.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>How long a process has after SIGTERM before it is killed with SIGKILL. Default: 10 seconds.</summary>
    public TimeSpan KillGracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Receives every line the process writes (standard output and error). Default: none.</summary>
    public Action<QueueTask, string>? Output { get; set; }

    /// <summary>The working directory of the processes. Default: the current directory.</summary>
    public string? WorkingDirectory { get; set; }
}
