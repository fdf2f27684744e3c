namespace JobRuntime.GrainInterfaces.State;

/// <summary>The state has no such key.</summary>
[GenerateSerializer, Alias("JobRuntime.StateKeyNotFoundException")]
public sealed class StateKeyNotFoundException(string message) : JobRuntimeException(message);
