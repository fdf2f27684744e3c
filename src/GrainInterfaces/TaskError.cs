using System.Text.Json.Serialization;

namespace JobRuntime.GrainInterfaces;

/// <summary>
/// A task's error as CrowdProcess reports it: <c>{"message", "name", "stack", "type"}</c>, where type
/// is "program" (the program threw), "timeout" (the task ran past its time limit) or "limit" (it
/// broke the memory or output limit).
/// </summary>
[GenerateSerializer, Immutable, Alias("JobRuntime.TaskError")]
public sealed record TaskError(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("stack")] string Stack,
    [property: JsonPropertyName("type")] string Type)
{
    /// <summary>The program threw.</summary>
    public const string Program = "program";

    /// <summary>The task ran past its time limit.</summary>
    public const string Timeout = "timeout";

    /// <summary>The task broke the memory or output limit.</summary>
    public const string Limit = "limit";

    /// <summary>The job was cancelled before the task started.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>The error every task that had not started when its job was cancelled ends with.</summary>
    public static TaskError JobCancelled { get; } = new("The job was cancelled before this task started.", "Cancelled", "", Cancelled);
}
