namespace JobRuntime.Timers;

/// <summary>Durable storage of reminders (one row per grain and reminder name).</summary>
public interface IReminderTable
{
    /// <summary>Every reminder, to schedule them when the silo starts.</summary>
    Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken = default);

    /// <summary>The reminders of one grain.</summary>
    Task<IReadOnlyList<ReminderEntry>> ReadAsync(GrainId grainId, CancellationToken cancellationToken = default);

    /// <summary>Adds or replaces the reminder with the entry's grain and name.</summary>
    Task UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Removes a reminder; false when it did not exist.</summary>
    Task<bool> RemoveAsync(GrainId grainId, string name, CancellationToken cancellationToken = default);
}

/// <summary>A stored reminder: it first fires at <see cref="StartAt"/>, then every <see cref="Period"/>.</summary>
public sealed record ReminderEntry(GrainId GrainId, string Name, DateTimeOffset StartAt, TimeSpan Period);
