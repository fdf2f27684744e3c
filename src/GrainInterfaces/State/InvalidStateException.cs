namespace JobRuntime.GrainInterfaces.State;

/// <summary>A state operation was refused: a key is empty, too long or has control characters, a value is too large, or a lease is out of range.</summary>
[GenerateSerializer, Alias("JobRuntime.InvalidStateException")]
public sealed class InvalidStateException(string message) : JobRuntimeException(message);
