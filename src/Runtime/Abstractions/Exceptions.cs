namespace JobRuntime;

/// <summary>The base of the runtime's own exceptions.</summary>
public class JobRuntimeException : Exception
{
    /// <summary>Creates the exception.</summary>
    public JobRuntimeException(string message, Exception? innerException = null) : base(message, innerException) { }
}

/// <summary>No grain class implements the interface that was called (or several do and none was chosen).</summary>
public sealed class GrainImplementationNotFoundException(string message) : JobRuntimeException(message);

/// <summary>A grain was addressed with a key of another kind than its interface's, or a malformed key.</summary>
public sealed class InvalidGrainKeyException(string message) : JobRuntimeException(message);

/// <summary>A grain could not be activated: its constructor, its state read or its <c>OnActivateAsync</c> failed.</summary>
public sealed class GrainActivationException(GrainId grainId, string message, Exception innerException)
    : JobRuntimeException(message, innerException)
{
    /// <summary>The grain that failed to activate.</summary>
    public GrainId GrainId { get; } = grainId;
}

/// <summary>An argument or result of a grain call could not be copied or serialized.</summary>
public sealed class GrainSerializationException(string message, Exception? innerException = null) : JobRuntimeException(message, innerException);

/// <summary>A persistent state write found another writer's ETag: the grain's copy is stale.</summary>
public sealed class InconsistentStateException(string message, string? storedEtag = null, string? currentEtag = null)
    : JobRuntimeException(message)
{
    /// <summary>The ETag found in storage (null when the record does not exist).</summary>
    public string? StoredEtag { get; } = storedEtag;

    /// <summary>The ETag the grain presented.</summary>
    public string? CurrentEtag { get; } = currentEtag;
}

/// <summary>Grain storage failed: the store is missing, locked, corrupt or unreachable.</summary>
public sealed class GrainStorageException(string message, Exception? innerException = null) : JobRuntimeException(message, innerException);

/// <summary>An observer reference points at an object that was deleted or whose process is gone.</summary>
public sealed class ObserverNotFoundException(string message) : JobRuntimeException(message);

/// <summary>The silo is shutting down and does not take new calls.</summary>
public sealed class SiloUnavailableException(string message) : JobRuntimeException(message);

/// <summary>
/// An exception thrown on the other side of a process boundary whose type could not be
/// re-created here. <see cref="RemoteType"/> names the original type.
/// </summary>
public sealed class RemoteGrainException(string remoteType, string message) : JobRuntimeException(message)
{
    /// <summary>The full name of the original exception type.</summary>
    public string RemoteType { get; } = remoteType;
}
