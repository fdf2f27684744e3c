namespace JobRuntime.GrainInterfaces.State;

/// <summary>A compare-and-set found the state at another version than expected; nothing was changed.</summary>
[GenerateSerializer, Alias("JobRuntime.StateVersionConflictException")]
public sealed class StateVersionConflictException(string message) : JobRuntimeException(message);
