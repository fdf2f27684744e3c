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
    // How long to wait before reading the reminder table again when it could not be read at start.
    private static readonly TimeSpan LoadRetryDelay = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<(GrainId, string), ScheduledReminder> _scheduled = new();
    private ITimer? _loadRetry;
    private volatile bool _disposed;

    private TimeProvider Time => runtime.Time;

    public Task StartAsync(CancellationToken cancellationToken) =>
        table is null ? Task.CompletedTask : LoadAsync(table, cancellationToken);

    // A table that cannot be read (a locked or corrupt file) does not keep the silo from starting:
    // grains that do not need it keep working, and the reminders are scheduled once it can be read.
    private async Task LoadAsync(IReminderTable reminders, CancellationToken cancellationToken)
    {
        if (_disposed)
        {
            return;
        }
        IReadOnlyList<ReminderEntry> entries;
        try
        {
            entries = await reminders.ReadAllAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogLoadFailed(logger, LoadRetryDelay, e);
            if (!_disposed)
            {
                Interlocked.Exchange(ref _loadRetry, Time.CreateTimer(_ => _ = LoadAsync(reminders, CancellationToken.None), null, LoadRetryDelay, Timeout.InfiniteTimeSpan))?.Dispose();
            }
            return;
        }
        foreach (var entry in entries)
        {
            // A reminder registered since the silo started is already scheduled.
            if (!_disposed && !_scheduled.ContainsKey((entry.GrainId, entry.Name)))
            {
                Schedule(entry);
            }
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
        scheduled.Arm(runtime.Time.GetUtcNow(), after: due);
    }

    public void Dispose()
    {
        _disposed = true;
        Interlocked.Exchange(ref _loadRetry, null)?.Dispose();
        foreach (var scheduled in _scheduled.Values)
        {
            scheduled.Dispose();
        }
        _scheduled.Clear();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The reminder table could not be read; no reminder fires until it can (trying again in {Delay})")]
    private static partial void LogLoadFailed(ILogger logger, TimeSpan delay, Exception error);

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

        // The next tick is the first StartAt + k * Period that is not in the past and, after a tick,
        // later than that tick's due time: a timer may fire a little before its due time by the
        // clock, and the same tick must not fire twice.
        public void Arm(DateTimeOffset now, DateTimeOffset? after = null)
        {
            if (_disposed)
            {
                return;
            }
            var from = after is { } last && last >= now ? last + TimeSpan.FromTicks(1) : now;
            var due = Entry.StartAt;
            if (due < from && Entry.Period > TimeSpan.Zero)
            {
                var elapsed = (from - Entry.StartAt).Ticks;
                var periods = elapsed / Entry.Period.Ticks + (elapsed % Entry.Period.Ticks == 0 ? 0 : 1);
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
