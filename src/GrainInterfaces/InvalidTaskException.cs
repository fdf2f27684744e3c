namespace JobRuntime.GrainInterfaces;

/// <summary>A submitted task is not valid: it is not one JSON value.</summary>
[GenerateSerializer, Alias("JobRuntime.InvalidTaskException")]
public sealed class InvalidTaskException(string message) : JobRuntimeException(message);
