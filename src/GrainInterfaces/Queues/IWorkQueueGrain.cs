namespace JobRuntime.GrainInterfaces.Queues;

/// <summary>
/// One work queue of the embedded engine; the key is the queue's name. Its messages live in the
/// silo's engine, so any activation on any silo sharing the engine serves the same queue. The
/// methods follow the queue driver seam; receipts are opaque strings.
/// </summary>
[Alias("JobRuntime.IWorkQueueGrain")]
public interface IWorkQueueGrain : IGrainWithStringKey
{
    /// <summary>Adds messages, visible at once; durable when this returns.</summary>
    [Alias("Send")]
    Task Send(string[] bodies);

    /// <summary>Receives up to <paramref name="max"/> visible messages, hidden for <paramref name="visibilityTimeout"/>.</summary>
    [Alias("Receive")]
    Task<QueueLease[]> Receive(int max, TimeSpan visibilityTimeout);

    /// <summary>Up to <paramref name="max"/> visible message bodies, without receiving them.</summary>
    [Alias("Peek")]
    Task<string[]> Peek(int max);

    /// <summary>Hides a received message for another visibility timeout; the new receipt, or null when the lease was lost.</summary>
    [Alias("Renew")]
    Task<string?> Renew(string receipt, TimeSpan visibilityTimeout);

    /// <summary>Deletes a received message; false when the receipt is no longer the message's.</summary>
    [Alias("Delete")]
    Task<bool> Delete(string receipt);

    /// <summary>
    /// Deletes a finished message and receives up to <paramref name="max"/> next ones, in one
    /// write: what a worker does between two tasks.
    /// </summary>
    [Alias("DeleteAndReceive")]
    Task<QueueDeletedAndReceived> DeleteAndReceive(string receipt, int max, TimeSpan visibilityTimeout);

    /// <summary>Replaces a received message by <paramref name="body"/> in <paramref name="targetQueue"/>, atomically.</summary>
    [Alias("Move")]
    Task<bool> Move(string receipt, string targetQueue, string body);

    /// <summary>How many messages the queue holds, visible or not.</summary>
    [Alias("Count")]
    Task<long> Count();

    /// <summary>Deletes every message.</summary>
    [Alias("Clear")]
    Task Clear();
}
