namespace JobRuntime.Storage.Queues;

/// <summary>
/// The seam between work queues and the engine that keeps their messages: the embedded SQLite
/// file (behind a queue grain), PostgreSQL, or Azure Storage Queues. Methods are noun first and
/// take one parameter record each; every implementation passes the same conformance suite.
/// </summary>
/// <remarks>
/// A message is an opaque text body (the work queues write ai4s.jobq's JSON). Receiving a
/// message hides it for a visibility timeout and hands out a receipt; only the holder of the
/// latest receipt can renew, delete or move it. A message whose visibility ran out is received
/// again by whoever asks next, and the old receipt stops working. Queues that were never
/// created read as empty.
/// </remarks>
public interface IQueueDriver
{
    /// <summary>Creates the queue if it does not exist yet.</summary>
    Task QueueCreateAsync(QueueCreateParams parameters, CancellationToken cancellationToken = default);

    /// <summary>How many messages the queue holds, visible or not (approximate on Azure).</summary>
    Task<long> QueueCountAsync(QueueCountParams parameters, CancellationToken cancellationToken = default);

    /// <summary>Deletes every message of the queue.</summary>
    Task QueueClearAsync(QueueClearParams parameters, CancellationToken cancellationToken = default);

    /// <summary>Adds messages, visible at once; durable when this returns.</summary>
    Task MessageSendManyAsync(MessageSendManyParams parameters, CancellationToken cancellationToken = default);

    /// <summary>Receives up to <see cref="MessageReceiveParams.Max"/> visible messages and hides them for the visibility timeout.</summary>
    Task<IReadOnlyList<LeasedMessage>> MessageReceiveAsync(MessageReceiveParams parameters, CancellationToken cancellationToken = default);

    /// <summary>The bodies of up to <see cref="MessagePeekParams.Max"/> visible messages, first first, without receiving them.</summary>
    Task<IReadOnlyList<string>> MessagePeekAsync(MessagePeekParams parameters, CancellationToken cancellationToken = default);

    /// <summary>
    /// Hides a received message for another visibility timeout. Returns the receipt to use from
    /// now on, or null when the receipt is no longer the message's (the lease was lost).
    /// </summary>
    Task<string?> MessageRenewAsync(MessageRenewParams parameters, CancellationToken cancellationToken = default);

    /// <summary>Deletes a received message; false when the receipt is no longer the message's.</summary>
    Task<bool> MessageDeleteAsync(MessageDeleteParams parameters, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces a received message by a new body in a target queue (the same queue for a retry,
    /// the dead-letter queue for a failure): atomic where the engine has transactions, the new
    /// message first and then the old one's deletion elsewhere. False (and nothing sent) when the
    /// receipt is no longer the message's.
    /// </summary>
    Task<bool> MessageMoveAsync(MessageMoveParams parameters, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes a finished message and receives the next ones: what a worker does between two tasks.
    /// An engine that can do both in one step overrides this (SQLite: one transaction; the queue
    /// grain: one call); the default deletes, then receives. The receive happens whether or not the
    /// deletion found the message.
    /// </summary>
    async Task<DeletedAndReceived> MessageDeleteAndReceiveAsync(MessageDeleteParams delete, MessageReceiveParams receive, CancellationToken cancellationToken = default)
    {
        var deleted = await MessageDeleteAsync(delete, cancellationToken).ConfigureAwait(false);
        var next = await MessageReceiveAsync(receive, cancellationToken).ConfigureAwait(false);
        return new DeletedAndReceived(deleted, next);
    }
}
