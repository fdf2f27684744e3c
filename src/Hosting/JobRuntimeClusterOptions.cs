namespace JobRuntime.Hosting;

/// <summary>
/// The cluster profile of a silo or client, bound from the configuration section
/// <c>JobRuntime:Cluster</c>. The silo's ports and ids come from <c>Orleans:Endpoints</c>,
/// <c>Orleans:ClusterId</c> and <c>Orleans:ServiceId</c> (see <see cref="ClusterEndpoints"/>).
/// </summary>
public sealed class JobRuntimeClusterOptions
{
    /// <summary>The configuration section: <c>JobRuntime:Cluster</c>.</summary>
    public const string SectionName = "JobRuntime:Cluster";

    /// <summary>The profile. Default: <see cref="ClusterProvider.Localhost"/>.</summary>
    public ClusterProvider Provider { get; set; } = ClusterProvider.Localhost;

    /// <summary>
    /// The engine's connection string: an Azure Storage connection string (for Azurite, one that
    /// names its blob, queue and table endpoints) or an Npgsql connection string. Required by
    /// <see cref="ClusterProvider.AzureStorage"/> and <see cref="ClusterProvider.PostgreSQL"/>;
    /// unused by <see cref="ClusterProvider.Localhost"/>. Never logged. Default: none.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// PostgreSQL only: whether a silo applies JobRuntime's schema migrations at start-up (under
    /// an advisory lock, so every silo may). Turn it off when the schema is applied beforehand with
    /// <c>jobrt db migrate</c> by a user allowed to change it. Default: true.
    /// </summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>
    /// The shortest reminder period grains may ask for; Orleans refuses shorter ones. Default:
    /// null, Orleans' own minimum (one minute).
    /// </summary>
    public TimeSpan? MinimumReminderPeriod { get; set; }

    /// <summary>
    /// AzureStorage only: how many Azure queues carry the <c>jobs</c> stream provider's events,
    /// named <c>&lt;ServiceId&gt;-jobs-&lt;n&gt;</c>. Every silo and client of a cluster must
    /// agree on it. Default: 4.
    /// </summary>
    public int AzureQueueCount { get; set; } = 4;
}
