namespace JobRuntime.Storage.Queues;

/// <summary>Parameters of <see cref="IQueueDriver.QueueCreateAsync"/>.</summary>
/// <param name="Queue">The queue's name.</param>
public sealed record QueueCreateParams(string Queue);

/// <summary>Parameters of <see cref="IQueueDriver.QueueCountAsync"/>.</summary>
/// <param name="Queue">The queue's name.</param>
public sealed record QueueCountParams(string Queue);

/// <summary>Parameters of <see cref="IQueueDriver.QueueClearAsync"/>.</summary>
/// <param name="Queue">The queue's name.</param>
public sealed record QueueClearParams(string Queue);

/// <summary>Parameters of <see cref="IQueueDriver.MessageSendManyAsync"/>.</summary>
/// <param name="Queue">The queue's name.</param>
/// <param name="Bodies">The message bodies, in order.</param>
public sealed record MessageSendManyParams(string Queue, IReadOnlyList<string> Bodies);

/// <summary>Parameters of <see cref="IQueueDriver.MessageReceiveAsync"/>.</summary>
/// <param name="Queue">The queue's name.</param>
/// <param name="Max">At most this many messages (1 to 32).</param>
/// <param name="VisibilityTimeout">How long the received messages stay hidden (1 second to 7 days).</param>
public sealed record MessageReceiveParams(string Queue, int Max, TimeSpan VisibilityTimeout);

/// <summary>Parameters of <see cref="IQueueDriver.MessagePeekAsync"/>.</summary>
/// <param name="Queue">The queue's name.</param>
/// <param name="Max">At most this many messages (1 to 32).</param>
public sealed record MessagePeekParams(string Queue, int Max);

/// <summary>Parameters of <see cref="IQueueDriver.MessageRenewAsync"/>.</summary>
/// <param name="Queue">The queue's name.</param>
/// <param name="Receipt">The latest receipt of the message.</param>
/// <param name="VisibilityTimeout">How long it stays hidden from now.</param>
public sealed record MessageRenewParams(string Queue, string Receipt, TimeSpan VisibilityTimeout);

/// <summary>Parameters of <see cref="IQueueDriver.MessageDeleteAsync"/>.</summary>
/// <param name="Queue">The queue's name.</param>
/// <param name="Receipt">The latest receipt of the message.</param>
public sealed record MessageDeleteParams(string Queue, string Receipt);

/// <summary>Parameters of <see cref="IQueueDriver.MessageMoveAsync"/>.</summary>
/// <param name="Queue">The queue's name.</param>
/// <param name="Receipt">The latest receipt of the message.</param>
/// <param name="TargetQueue">Where the new message goes (may be <paramref name="Queue"/>).</param>
/// <param name="Body">The new message's body.</param>
public sealed record MessageMoveParams(string Queue, string Receipt, string TargetQueue, string Body);

/// <summary>A received message.</summary>
/// <param name="Body">Its body.</param>
/// <param name="Receipt">The receipt that renews, deletes or moves it (opaque, engine-specific).</param>
/// <param name="DequeueCount">How many times it was received, this time included.</param>
public sealed record LeasedMessage(string Body, string Receipt, int DequeueCount);

/// <summary>What <see cref="IQueueDriver.MessageDeleteAndReceiveAsync"/> did: whether the finished message was deleted, and the next messages.</summary>
public sealed record DeletedAndReceived(bool Deleted, IReadOnlyList<LeasedMessage> Next);
