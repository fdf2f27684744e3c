using JobRuntime.Client.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;

namespace JobRuntime.Hosting;

/// <summary>Connects an Orleans client to a JobRuntime cluster of any profile.</summary>
public static class ClusterClientBuilderExtensions
{
    /// <summary>
    /// Joins the cluster of <c>JobRuntime:Cluster</c> (<see cref="JobRuntimeClusterOptions"/>)
    /// as the silos do: on <c>Localhost</c> through one silo's gateway (<c>JobRuntime:Client:Gateway</c>,
    /// default 127.0.0.1:30000); on <c>AzureStorage</c> and <c>PostgreSQL</c> through the gateways
    /// the membership table lists, refreshed every 10 seconds, so silos may come and go. Adds the
    /// <c>jobs</c> stream provider of the profile and a <see cref="JobClient"/> service for the
    /// user "local". The ids come from <c>Orleans:ClusterId</c> and <c>Orleans:ServiceId</c>; with a
    /// certificate in <c>JobRuntime:Cluster:Tls</c> the client connects over mutual TLS.
    /// </summary>
    /// <exception cref="InvalidOperationException">A setting is invalid; the message names its key.</exception>
    public static IClientBuilder UseJobRuntimeCluster(this IClientBuilder client, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = ClusterConfiguration.Read(configuration);
        if (options.Provider == ClusterProvider.Localhost)
        {
            LocalhostProfile.ConfigureClient(client, configuration);
            return client.UseJobRuntimeTls(configuration);
        }
        var endpoints = ClusterEndpoints.Read(configuration);
        endpoints.ApplyIds(client.Services);
        client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(10));
        if (options.Provider == ClusterProvider.AzureStorage)
        {
            AzureStorageProfile.ConfigureClient(client, options, endpoints);
        }
        else
        {
            PostgreSqlProfile.ConfigureClient(client, options);
        }
        client.Services.TryAddSingleton(sp => new JobClient(sp.GetRequiredService<IClusterClient>()));
        return client.UseJobRuntimeTls(configuration);
    }
}
