namespace JobRuntime.GrainInterfaces;

/// <summary>A job was refused: its program does not compile, its kind is unavailable, or an option is out of range.</summary>
[GenerateSerializer, Alias("JobRuntime.InvalidJobException")]
public sealed class InvalidJobException(string message) : JobRuntimeException(message);
