using JobRuntime.GrainInterfaces;

namespace JobRuntime.Client.Map;

/// <summary>An item of a cluster map failed; <see cref="Error"/> is its error as the worker reported it.</summary>
public sealed class MapItemFailedException(long position, TaskError error)
    : JobRuntimeException($"Item {position} of the map failed: {error.Name}: {error.Message}")
{
    /// <summary>The item's position in the input.</summary>
    public long Position { get; } = position;

    /// <summary>The error (name, message, stack, type).</summary>
    public TaskError Error { get; } = error;
}
