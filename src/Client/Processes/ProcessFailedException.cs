using JobRuntime.GrainInterfaces;

namespace JobRuntime.Client.Processes;

/// <summary>
/// An attempt of a process run on the cluster failed; <see cref="Error"/> is its error as the
/// worker reported it (<see cref="TaskError.Name"/> is the handler's exception type name, matched
/// against <see cref="ProcessOptions.RetryFor"/> and <see cref="ProcessOptions.RetryForNames"/>).
/// </summary>
public sealed class ProcessFailedException(string handler, TaskError error)
    : JobRuntimeException($"The process '{handler}' failed on the cluster: {error.Name}: {error.Message}")
{
    /// <summary>The .NET handler the process runs.</summary>
    public string Handler { get; } = handler;

    /// <summary>The error (name, message, stack, type).</summary>
    public TaskError Error { get; } = error;
}
