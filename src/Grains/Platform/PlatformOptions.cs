namespace JobRuntime.Grains.Platform;

/// <summary>Options of the crawling platform (section <c>JobRuntime:Platform</c>).</summary>
public sealed class PlatformOptions
{
    /// <summary>The configuration section: <c>JobRuntime:Platform</c>.</summary>
    public const string Section = "JobRuntime:Platform";

    /// <summary>Capacity units per project: running jobs' units never exceed it. Default: 4.</summary>
    public int ProjectUnits { get; set; } = 4;

    /// <summary>
    /// The storage base URL given to shell spiders (<c>SHUB_STORAGE</c>), e.g. <c>http://127.0.0.1:5080/storage/</c>.
    /// Default: null, meaning the silo's first HTTP address followed by <c>/storage/</c>.
    /// </summary>
    public string? StorageUrl { get; set; }

    /// <summary>The Node.js executable for JavaScript spiders. Default: <c>node</c> on the PATH.</summary>
    public string NodePath { get; set; } = "node";

    /// <summary>How long a cancelled spider may take to stop before it is killed. Default: 5 seconds.</summary>
    public TimeSpan StopGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often a reminder checks a job whose spider this platform runs. When the silo that ran
    /// the spider died (or was killed), the reminder brings the job back on a live silo, which
    /// finishes it with close reason <c>failed</c>. Orleans refuses periods under its
    /// <c>MinimumReminderPeriod</c> (one minute unless <c>JobRuntime:Cluster:MinimumReminderPeriod</c>
    /// says otherwise). Default: 1 minute.
    /// </summary>
    public TimeSpan RunWatchPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How often a running spider's runner asks its job whether to stop, so a cancel reaches the
    /// spider whichever silo the job's grain lives on. Default: 2 seconds.
    /// </summary>
    public TimeSpan StopCheckPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Bounds on what one job may store (<c>JobRuntime:Platform:Limits</c>). Default: see <see cref="PlatformLimitsOptions"/>.</summary>
    public PlatformLimitsOptions Limits { get; set; } = new();
}
