namespace JobRuntime.Queues;

/// <summary>A message received from a <see cref="WorkQueue"/>, hidden from others until its visibility timeout ends.</summary>
/// <param name="Body">The raw body.</param>
/// <param name="Receipt">Renews, deletes or moves the message while the lease is held.</param>
/// <param name="DequeueCount">How many times it was received, this time included.</param>
public sealed record ReceivedMessage(string Body, string Receipt, int DequeueCount)
{
    /// <summary>The body as a task; throws <see cref="InvalidQueueMessageException"/> when it is not in ai4s.jobq's format.</summary>
    public QueueMessage Message => QueueMessage.Parse(Body);
}
