using System.Collections.Concurrent;

namespace JobRuntime.Streams;

/// <summary>Stream subscriptions kept in memory: they survive deactivation, not a silo restart. <c>UseSqlite</c> keeps them durably.</summary>
public sealed class MemoryStreamSubscriptionStore : IStreamSubscriptionStore
{
    private readonly ConcurrentDictionary<(string, Guid), StreamSubscriptionRecord> _records = new();

    /// <inheritdoc/>
    public Task<IReadOnlyList<StreamSubscriptionRecord>> ReadAsync(string provider, StreamId stream, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<StreamSubscriptionRecord>>([.. _records.Values.Where(r => r.Provider == provider && r.Stream == stream)]);

    /// <inheritdoc/>
    public Task<IReadOnlyList<StreamSubscriptionRecord>> ReadAllAsync(string provider, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<StreamSubscriptionRecord>>([.. _records.Values.Where(r => r.Provider == provider)]);

    /// <inheritdoc/>
    public Task<IReadOnlyList<StreamSubscriptionRecord>> ReadBySubscriberAsync(string provider, GrainId subscriber, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<StreamSubscriptionRecord>>([.. _records.Values.Where(r => r.Provider == provider && r.Subscriber == subscriber)]);

    /// <inheritdoc/>
    public Task UpsertAsync(StreamSubscriptionRecord record, CancellationToken cancellationToken = default)
    {
        _records[(record.Provider, record.HandleId)] = record;
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<bool> RemoveAsync(string provider, Guid handleId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_records.TryRemove((provider, handleId), out _));

    /// <inheritdoc/>
    public Task UpdateCursorAsync(string provider, Guid handleId, long cursor, CancellationToken cancellationToken = default)
    {
        if (_records.TryGetValue((provider, handleId), out var record) && record.Cursor < cursor)
        {
            _records[(provider, handleId)] = record with { Cursor = cursor };
        }
        return Task.CompletedTask;
    }
}
