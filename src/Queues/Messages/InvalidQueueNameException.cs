namespace JobRuntime.Queues;

/// <summary>A queue name that ai4s.jobq's rules refuse.</summary>
public sealed class InvalidQueueNameException : ArgumentException
{
    /// <summary>Creates the exception for a name and the rule it breaks.</summary>
    public InvalidQueueNameException(string name, string reason)
        : base($"Invalid queue name '{name}': {reason}.")
    {
        QueueName = name;
    }

    /// <summary>The refused name.</summary>
    public string QueueName { get; }
}
