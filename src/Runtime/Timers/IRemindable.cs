namespace JobRuntime.Timers;

/// <summary>Implemented by grains that register reminders: each tick arrives as a call of <see cref="ReceiveReminder"/>.</summary>
public interface IRemindable : IGrain
{
    /// <summary>A reminder fired.</summary>
    Task ReceiveReminder(string reminderName, TickStatus status);
}

/// <summary>When a reminder tick was due and when it fired.</summary>
public readonly record struct TickStatus(DateTimeOffset FirstTickTime, TimeSpan Period, DateTimeOffset CurrentTickTime);

/// <summary>A registered reminder.</summary>
public interface IGrainReminder
{
    /// <summary>The reminder's name, unique within its grain.</summary>
    string ReminderName { get; }
}

/// <summary>Options of reminders.</summary>
public sealed class ReminderOptions
{
    /// <summary>The shortest period a reminder may have. Default: 1 minute (reminders are for long, durable periods; use grain timers for short ones).</summary>
    public TimeSpan MinimumReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);
}
