namespace JobRuntime.GrainInterfaces;

/// <summary>
/// A cluster check for reminders: once started, a durable reminder wakes the grain every period
/// and each beat is counted in the default grain storage, so an operator (or a test) can see
/// that reminders fire, and keep firing when the silo that held the grain dies.
/// </summary>
[Alias("JobRuntime.IHeartbeatGrain")]
public interface IHeartbeatGrain : IGrainWithStringKey
{
    /// <summary>Starts (or re-times) the reminder; Orleans refuses periods under its minimum (<c>ReminderOptions.MinimumReminderPeriod</c>).</summary>
    [Alias("Start")]
    Task Start(TimeSpan period);

    /// <summary>Stops the reminder; the count stays.</summary>
    [Alias("Stop")]
    Task Stop();

    /// <summary>How many beats the reminder has given so far.</summary>
    [Alias("GetBeats")]
    Task<int> GetBeats();
}
