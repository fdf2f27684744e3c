namespace JobRuntime.Queues.Processors;

/// <summary>A task's process exited with a non-zero code or ran past its timeout.</summary>
public sealed class TaskFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TaskFailedException(string message) : base(message)
    {
    }

    /// <summary>The exit code, when the process exited by itself.</summary>
    public int? ExitCode { get; init; }
}
