namespace JobRuntime.Queues.Workers;

/// <summary>Checks <see cref="WorkerOptions"/>; the message names the option and the value.</summary>
public static class WorkerOptionsValidator
{
    /// <summary>Throws <see cref="ArgumentException"/> when an option is out of range.</summary>
    public static void Validate(WorkerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.NumWorkers < 1)
        {
            throw new ArgumentException($"WorkerOptions.NumWorkers must be at least 1 (was {options.NumWorkers}).", nameof(options));
        }
        var minimum = options.WithHeartbeat ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(1);
        if (options.VisibilityTimeout < minimum || options.VisibilityTimeout > TimeSpan.FromDays(7))
        {
            throw new ArgumentException($"WorkerOptions.VisibilityTimeout must be between {minimum.TotalSeconds:0} s{(options.WithHeartbeat ? " (with a heartbeat)" : "")} and 7 days (was {options.VisibilityTimeout}).", nameof(options));
        }
        if (options.MaxConsecutiveFailures < 1)
        {
            throw new ArgumentException($"WorkerOptions.MaxConsecutiveFailures must be at least 1 (was {options.MaxConsecutiveFailures}).", nameof(options));
        }
        if (options.TimeLimit <= TimeSpan.Zero)
        {
            throw new ArgumentException($"WorkerOptions.TimeLimit must be positive (was {options.TimeLimit}).", nameof(options));
        }
        if (string.IsNullOrWhiteSpace(options.WorkerId))
        {
            throw new ArgumentException("WorkerOptions.WorkerId must not be empty.", nameof(options));
        }
        ArgumentNullException.ThrowIfNull(options.TimeProvider);
    }
}
