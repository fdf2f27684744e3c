namespace JobRuntime.GrainInterfaces.State;

/// <summary>An atomic update's lease expired (another writer may have written since); nothing was changed.</summary>
[GenerateSerializer, Alias("JobRuntime.StateLeaseExpiredException")]
public sealed class StateLeaseExpiredException(string message) : JobRuntimeException(message);
