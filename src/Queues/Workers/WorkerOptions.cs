using Microsoft.Extensions.Logging;

namespace JobRuntime.Queues.Workers;

/// <summary>How <c>LaunchWorkersAsync</c> runs workers (ai4s.jobq's <c>launch_workers</c> defaults).</summary>
public sealed class WorkerOptions
{
    /// <summary>How many workers run concurrently in this process. Default: 1.</summary>
    public int NumWorkers { get; set; } = 1;

    /// <summary>How long a received task stays hidden from other workers. Default: 1 hour; at least 2 seconds with a heartbeat.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Renew the visibility every half timeout while a task runs. Default: true.</summary>
    public bool WithHeartbeat { get; set; } = true;

    /// <summary>Failures in a row (across workers) after which the workers stop with <see cref="TooManyFailuresException"/>. Default: 10.</summary>
    public int MaxConsecutiveFailures { get; set; } = 10;

    /// <summary>After this long the workers take no new task and stop when the running ones end. Default: 1 day.</summary>
    public TimeSpan TimeLimit { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The prefix of worker ids; worker <c>i</c> is <c>"{WorkerId}:{i}"</c>. Default: the machine name and process id.</summary>
    public string WorkerId { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>Where workers log (each line in a scope with the queue, worker and task ids). Default: nowhere.</summary>
    public ILogger? Logger { get; set; }

    /// <summary>Receives counters after every task (for a live progress display). Default: none.</summary>
    public IProgress<WorkerProgress>? Progress { get; set; }

    /// <summary>The clock of heartbeats and the time limit. Default: the system clock.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
