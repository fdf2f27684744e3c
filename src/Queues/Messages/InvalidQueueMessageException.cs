namespace JobRuntime.Queues;

/// <summary>A message body that is not in ai4s.jobq's format.</summary>
public sealed class InvalidQueueMessageException : FormatException
{
    /// <summary>Creates the exception for a body and what is wrong with it.</summary>
    public InvalidQueueMessageException(string body, string reason)
        : base($"Invalid queue message: {reason}: {(body.Length > 200 ? body[..200] + "..." : body)}")
    {
    }
}
