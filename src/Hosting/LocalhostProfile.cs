using JobRuntime.Client.Hosting;
using JobRuntime.GrainInterfaces;
using Microsoft.Extensions.Configuration;
using Orleans.Hosting;

namespace JobRuntime.Hosting;

/// <summary>
/// The embedded profile: one silo on loopback (localhost clustering) over one SQLite file that
/// holds grain state, reminders and the events of the rewindable <c>jobs</c> stream provider
/// (section <c>JobRuntime:Sqlite</c>); clients reach its gateway directly.
/// </summary>
internal static class LocalhostProfile
{
    public static void ConfigureSilo(ISiloBuilder silo, ClusterEndpoints endpoints)
    {
        silo.UseLocalhostClustering(endpoints.SiloPort, endpoints.GatewayPort);
        endpoints.Apply(silo);
        silo.UseSqlite();
        silo.AddSqliteStreams(JobStreams.Provider);
    }

    public static void ConfigureClient(IClientBuilder client, IConfiguration configuration) =>
        client.UseJobRuntimeGateway(configuration);
}
