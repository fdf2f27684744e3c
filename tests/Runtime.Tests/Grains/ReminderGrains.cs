using System.Collections.Concurrent;
using JobRuntime.Timers;

namespace JobRuntime.Tests.Grains;

/// <summary>
/// Where reminder grains record each tick and the activation that received it, so a test can see
/// ticks across deactivations and restarts. Register one per test (ConfigureServices).
/// </summary>
public sealed class ReminderJournal
{
    private readonly ConcurrentQueue<ReminderTick> _ticks = new();

    public IReadOnlyList<ReminderTick> Ticks(string key, string reminder) =>
        [.. _ticks.Where(t => t.Key == key && t.Reminder == reminder)];

    public void Record(ReminderTick tick) => _ticks.Enqueue(tick);
}

/// <summary>One reminder tick: which grain, which reminder, which activation, and its status.</summary>
public sealed record ReminderTick(string Key, string Reminder, Guid Activation, TickStatus Status);

public interface IRemindProbeGrain : IGrainWithStringKey
{
    Task Register(string name, TimeSpan dueTime, TimeSpan period);

    Task Unregister(string name);

    /// <summary>The name of the reminder GetReminder finds, or null.</summary>
    Task<string?> Find(string name);

    /// <summary>The names of GetReminders, sorted.</summary>
    Task<string[]> List();

    Task Deactivate();
}

public sealed class RemindProbeGrain(ReminderJournal journal) : Grain, IRemindProbeGrain, IRemindable
{
    private readonly Guid _activation = Guid.NewGuid();

    public async Task Register(string name, TimeSpan dueTime, TimeSpan period) =>
        await RegisterOrUpdateReminder(name, dueTime, period);

    public async Task Unregister(string name)
    {
        var reminder = await GetReminder(name) ?? throw new InvalidOperationException($"No reminder '{name}'.");
        await UnregisterReminder(reminder);
    }

    public async Task<string?> Find(string name) => (await GetReminder(name))?.ReminderName;

    public async Task<string[]> List() => [.. (await GetReminders()).Select(r => r.ReminderName).Order(StringComparer.Ordinal)];

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        journal.Record(new ReminderTick(this.GetPrimaryKeyString(), reminderName, _activation, status));
        return Task.CompletedTask;
    }
}

/// <summary>A grain that tries to register a reminder without implementing IRemindable.</summary>
public interface IUnremindableGrain : IGrainWithStringKey
{
    Task Register(string name);
}

public sealed class UnremindableGrain : Grain, IUnremindableGrain
{
    public Task Register(string name) => RegisterOrUpdateReminder(name, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
}
