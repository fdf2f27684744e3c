using System.Collections.Concurrent;
using JobRuntime.Timers;
using Microsoft.Extensions.Logging;

namespace JobRuntime.Runtime;

/// <summary>
/// Schedules durable reminders: every reminder in the table gets a local timer when the silo
/// starts, and each tick calls the grain's <see cref="IRemindable.ReceiveReminder"/>, activating it.
/// </summary>
internal sealed partial class ReminderService(
    IReminderTable? table,
    SiloRuntime runtime,
    ReminderOptions options,
    ILogger<ReminderService> logger) : IDisposable
{
    private readonly ConcurrentDictionary<(GrainId, string), ScheduledReminder> _scheduled = new();

    private TimeProvider Time => runtime.Time;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (table is null)
        {
            return;
        }
        foreach (var entry in await table.ReadAllAsync(cancellationToken))
        {
            Schedule(entry);
        }
    }

    public async Task<IGrainReminder> RegisterOrUpdateAsync(GrainId grainId, string name, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var reminders = RequireTable();
        if (period < options.MinimumReminderPeriod)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, $"Reminder '{name}' of grain {grainId}: the period must be at least {options.MinimumReminderPeriod} (ReminderOptions.MinimumReminderPeriod).");
        }
        if (dueTime < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, $"Reminder '{name}' of grain {grainId}: the due time cannot be negative.");
        }
        var grainClass = runtime.Code.GetClass(grainId.Type).GrainClass;
        if (!typeof(IRemindable).IsAssignableFrom(grainClass))
        {
            throw new InvalidOperationException($"Grain {grainId} ({grainClass.Name}) registers reminder '{name}' but does not implement IRemindable.");
        }
        var entry = new ReminderEntry(grainId, name, runtime.Time.GetUtcNow() + dueTime, period);
        await reminders.UpsertAsync(entry);
        Schedule(entry);
        return new GrainReminder(name);
    }

    public async Task UnregisterAsync(GrainId grainId, string name)
    {
        await RequireTable().RemoveAsync(grainId, name);
        if (_scheduled.TryRemove((grainId, name), out var scheduled))
        {
            scheduled.Dispose();
        }
    }

    public async Task<IGrainReminder?> GetAsync(GrainId grainId, string name)
    {
        var entries = await RequireTable().ReadAsync(grainId);
        return entries.FirstOrDefault(e => e.Name == name) is { } entry ? new GrainReminder(entry.Name) : null;
    }

    public async Task<IReadOnlyList<IGrainReminder>> ListAsync(GrainId grainId)
    {
        var entries = await RequireTable().ReadAsync(grainId);
        return [.. entries.Select(e => (IGrainReminder)new GrainReminder(e.Name))];
    }

    private IReminderTable RequireTable() => table
        ?? throw new InvalidOperationException("No reminder table is configured: call UseSqlite() or AddMemoryReminders() on the silo builder.");

    private void Schedule(ReminderEntry entry)
    {
        var scheduled = new ScheduledReminder(this, entry);
        _scheduled.AddOrUpdate((entry.GrainId, entry.Name), scheduled, (_, old) =>
        {
            old.Dispose();
            return scheduled;
        });
        scheduled.Arm(runtime.Time.GetUtcNow());
    }

    private async Task FireAsync(ScheduledReminder scheduled, DateTimeOffset due)
    {
        var entry = scheduled.Entry;
        try
        {
            var grain = runtime.GrainFactory.GetGrain<IRemindable>(entry.GrainId);
            await grain.ReceiveReminder(entry.Name, new TickStatus(entry.StartAt, entry.Period, due));
        }
        catch (Exception e)
        {
            LogTickFailed(logger, entry.Name, entry.GrainId, e);
        }
        scheduled.Arm(runtime.Time.GetUtcNow());
    }

    public void Dispose()
    {
        foreach (var scheduled in _scheduled.Values)
        {
            scheduled.Dispose();
        }
        _scheduled.Clear();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reminder {Reminder} of grain {GrainId} failed")]
    private static partial void LogTickFailed(ILogger logger, string reminder, GrainId grainId, Exception error);

    private sealed class GrainReminder(string name) : IGrainReminder
    {
        public string ReminderName { get; } = name;
    }

    private sealed class ScheduledReminder(ReminderService service, ReminderEntry entry) : IDisposable
    {
        private ITimer? _timer;
        private volatile bool _disposed;

        public ReminderEntry Entry { get; } = entry;

        // The next tick is the first StartAt + k * Period that is not in the past.
        public void Arm(DateTimeOffset now)
        {
            if (_disposed)
            {
                return;
            }
            var due = Entry.StartAt;
            if (due < now && Entry.Period > TimeSpan.Zero)
            {
                var periods = (long)Math.Ceiling((now - Entry.StartAt).Ticks / (double)Entry.Period.Ticks);
                due = Entry.StartAt + TimeSpan.FromTicks(Entry.Period.Ticks * Math.Max(periods, 1));
            }
            var delay = due - now;
            if (delay < TimeSpan.Zero)
            {
                delay = TimeSpan.Zero;
            }
            _timer?.Dispose();
            _timer = service.Time.CreateTimer(_ => _ = service.FireAsync(this, due), null, delay, Timeout.InfiniteTimeSpan);
        }

        public void Dispose()
        {
            _disposed = true;
            _timer?.Dispose();
        }
    }
}
