namespace JobRuntime.Grains.Jobs;

/// <summary>Options of the job workers (configuration section <c>JobRuntime:Jobs</c>).</summary>
public sealed class JobsOptions
{
    /// <summary>Task batches in flight at once in this silo (leasing, running or recording). Default: twice the processor count.</summary>
    public int Concurrency { get; set; } = 2 * Environment.ProcessorCount;

    /// <summary>Tasks leased per batch. Default: 512.</summary>
    public int BatchSize { get; set; } = 512;

    /// <summary>
    /// How long a lease lasts without a heartbeat; a silo that dies holds its tasks this long
    /// before others run them. Default: 30 seconds.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often an idle worker looks for tasks (new submissions wake it at once). Default: 1 second.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
