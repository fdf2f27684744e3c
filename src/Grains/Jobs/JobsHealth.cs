using JobRuntime.Grains.Execution;

namespace JobRuntime.Grains.Jobs;

/// <summary>
/// What the silo's jobs can run, for health endpoints: whether JavaScript programs can run here
/// (a JavaScript executor is registered and found Node.js) and, when not, why. Registered by
/// <c>AddJobs</c>.
/// </summary>
public sealed class JobsHealth
{
    internal JobsHealth(JobExecutors executors)
    {
        JavaScriptAvailable = executors.JavaScriptAvailable;
        JavaScriptUnavailableReason = JavaScriptAvailable ? null : executors.JavaScriptUnavailable;
    }

    /// <summary>True when JavaScript jobs can run on this silo.</summary>
    public bool JavaScriptAvailable { get; }

    /// <summary>Why JavaScript jobs cannot run on this silo (the message a refused job gets); null when they can.</summary>
    public string? JavaScriptUnavailableReason { get; }
}
