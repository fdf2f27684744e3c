using System.Collections.Concurrent;

namespace JobRuntime.Timers;

/// <summary>Reminders kept in memory: they survive deactivation but not a silo restart.</summary>
public sealed class MemoryReminderTable : IReminderTable
{
    private readonly ConcurrentDictionary<(GrainId, string), ReminderEntry> _entries = new();

    /// <inheritdoc/>
    public Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ReminderEntry>>([.. _entries.Values]);

    /// <inheritdoc/>
    public Task<IReadOnlyList<ReminderEntry>> ReadAsync(GrainId grainId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ReminderEntry>>([.. _entries.Values.Where(e => e.GrainId == grainId)]);

    /// <inheritdoc/>
    public Task UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken = default)
    {
        _entries[(entry.GrainId, entry.Name)] = entry;
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<bool> RemoveAsync(GrainId grainId, string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(_entries.TryRemove((grainId, name), out _));
}
