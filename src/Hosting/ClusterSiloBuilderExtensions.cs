using Microsoft.Extensions.Configuration;
using Orleans.Configuration;

namespace JobRuntime.Hosting;

/// <summary>Puts a silo on one of JobRuntime's cluster profiles.</summary>
public static class ClusterSiloBuilderExtensions
{
    /// <summary>
    /// Configures the silo's clustering, grain storage (default and <c>PubSubStore</c>),
    /// reminders and the <c>jobs</c> stream provider for the profile of
    /// <c>JobRuntime:Cluster:Provider</c> (<see cref="JobRuntimeClusterOptions"/>):
    /// <list type="bullet">
    /// <item><c>Localhost</c> (default): loopback clustering and one SQLite file, as the embedded silo.</item>
    /// <item><c>AzureStorage</c>: Azure Tables and Queues of <c>JobRuntime:Cluster:ConnectionString</c>.</item>
    /// <item><c>PostgreSQL</c>: Orleans' ADO.NET providers on <c>JobRuntime:Cluster:ConnectionString</c>, schema applied at start-up.</item>
    /// </list>
    /// The silo listens on loopback only, on the ports of <c>Orleans:Endpoints</c>, with the ids of
    /// <c>Orleans:ClusterId</c> and <c>Orleans:ServiceId</c> (<see cref="ClusterEndpoints"/>). On a
    /// cluster profile the silo stops at start-up with a <see cref="ClusterEngineUnreachableException"/>
    /// when its engine cannot be reached. With a certificate in <c>JobRuntime:Cluster:Tls</c>
    /// (<see cref="ClusterTlsOptions"/>) the gateway and silo-to-silo connections use mutual TLS.
    /// Grain states are stored in Orleans' binary format (records in its JSON format are still read).
    /// Add the job engine with <c>AddJobs()</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">A setting is invalid; the message names its key.</exception>
    public static ISiloBuilder UseJobRuntimeCluster(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = ClusterConfiguration.Read(configuration);
        var endpoints = ClusterEndpoints.Read(configuration);
        if (options.MinimumReminderPeriod is { } period)
        {
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = period);
        }
        switch (options.Provider)
        {
            case ClusterProvider.AzureStorage:
                AzureStorageProfile.ConfigureSilo(silo, options, endpoints.WithFreePorts(configuration));
                break;
            case ClusterProvider.PostgreSQL:
                PostgreSqlProfile.ConfigureSilo(silo, options, endpoints.WithFreePorts(configuration));
                break;
            default:
                LocalhostProfile.ConfigureSilo(silo, endpoints);
                break;
        }
        GrainStateSerialization.Configure(silo);
        // TLS on the gateway and between silos when JobRuntime:Cluster:Tls names a certificate.
        silo.UseJobRuntimeTls(configuration);
        return silo;
    }
}
