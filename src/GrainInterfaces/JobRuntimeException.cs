namespace JobRuntime.GrainInterfaces;

/// <summary>The base of JobRuntime's own exceptions; each crosses grain and client boundaries with its type and message.</summary>
[GenerateSerializer, Alias("JobRuntime.JobRuntimeException")]
public class JobRuntimeException : Exception
{
    /// <summary>Creates the exception.</summary>
    public JobRuntimeException(string message, Exception? innerException = null) : base(message, innerException) { }
}
