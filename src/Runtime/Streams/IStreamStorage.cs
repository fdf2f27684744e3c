namespace JobRuntime.Streams;

/// <summary>
/// Durable stream events of the durable stream providers. Every appended event gets a sequence
/// number, increasing within a stream, that is its <see cref="StreamSequenceToken"/>.
/// </summary>
public interface IStreamEventStore
{
    /// <summary>Appends events atomically, in order; returns their sequence numbers. Durable once this returns.</summary>
    Task<IReadOnlyList<long>> AppendAsync(string provider, StreamId stream, IReadOnlyList<byte[]> payloads, CancellationToken cancellationToken = default);

    /// <summary>Events of a stream with sequence number greater than <paramref name="afterSequence"/>, oldest first, at most <paramref name="maxCount"/>.</summary>
    Task<IReadOnlyList<StoredStreamEvent>> ReadAsync(string provider, StreamId stream, long afterSequence, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>The highest sequence number stored for the stream, or 0.</summary>
    Task<long> GetLastSequenceAsync(string provider, StreamId stream, CancellationToken cancellationToken = default);

    /// <summary>Deletes events appended before <paramref name="cutoff"/>; returns how many.</summary>
    Task<int> DeleteOlderThanAsync(string provider, DateTimeOffset cutoff, CancellationToken cancellationToken = default);
}

/// <summary>A stored stream event.</summary>
public sealed record StoredStreamEvent(long Sequence, byte[] Payload, DateTimeOffset Appended);

/// <summary>
/// Explicit and implicit subscriptions of grains to streams (the pub-sub table), with each
/// subscription's cursor: the sequence number of the last event delivered.
/// </summary>
public interface IStreamSubscriptionStore
{
    /// <summary>The subscriptions to one stream.</summary>
    Task<IReadOnlyList<StreamSubscriptionRecord>> ReadAsync(string provider, StreamId stream, CancellationToken cancellationToken = default);

    /// <summary>Every subscription of a provider (to resume delivery when the silo starts).</summary>
    Task<IReadOnlyList<StreamSubscriptionRecord>> ReadAllAsync(string provider, CancellationToken cancellationToken = default);

    /// <summary>The subscriptions one grain holds with a provider.</summary>
    Task<IReadOnlyList<StreamSubscriptionRecord>> ReadBySubscriberAsync(string provider, GrainId subscriber, CancellationToken cancellationToken = default);

    /// <summary>Adds or replaces a subscription (keyed by provider and handle id).</summary>
    Task UpsertAsync(StreamSubscriptionRecord record, CancellationToken cancellationToken = default);

    /// <summary>Removes a subscription; false when it did not exist.</summary>
    Task<bool> RemoveAsync(string provider, Guid handleId, CancellationToken cancellationToken = default);

    /// <summary>Moves a subscription's cursor forward (never backward).</summary>
    Task UpdateCursorAsync(string provider, Guid handleId, long cursor, CancellationToken cancellationToken = default);
}

/// <summary>A grain's subscription to a stream.</summary>
public sealed record StreamSubscriptionRecord(string Provider, StreamId Stream, Guid HandleId, GrainId Subscriber, long Cursor, bool IsImplicit);
