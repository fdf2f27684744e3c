using JobRuntime.GrainInterfaces;
using JobRuntime.PostgreSql;
using JobRuntime.PostgreSql.Platform;
using Npgsql;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Providers;

namespace JobRuntime.Hosting;

/// <summary>
/// The PostgreSQL profile: Orleans' ADO.NET clustering, grain storage (default and
/// <c>PubSubStore</c>), reminders and the <c>jobs</c> stream provider (ADO.NET stream queues)
/// with Npgsql, on JobRuntime's schema (src/Storage.PostgreSql), applied at start-up unless
/// <see cref="JobRuntimeClusterOptions.MigrateOnStart"/> is off.
/// </summary>
internal static class PostgreSqlProfile
{
    public const string Engine = "PostgreSQL";

    /// <summary>The ADO.NET invariant name of Npgsql.</summary>
    public const string Invariant = "Npgsql";

    public static void ConfigureSilo(ISiloBuilder silo, JobRuntimeClusterOptions options, ClusterEndpoints endpoints)
    {
        var connectionString = options.ConnectionString!;
        endpoints.Apply(silo);
        silo.UseAdoNetClustering(o => { o.Invariant = Invariant; o.ConnectionString = connectionString; });
        silo.AddAdoNetGrainStorageAsDefault(o => { o.Invariant = Invariant; o.ConnectionString = connectionString; });
        silo.AddAdoNetGrainStorage(ProviderConstants.DEFAULT_PUBSUB_PROVIDER_NAME, o => { o.Invariant = Invariant; o.ConnectionString = connectionString; });
        silo.UseAdoNetReminderService(o => { o.Invariant = Invariant; o.ConnectionString = connectionString; });
        silo.AddAdoNetStreams(JobStreams.Provider, (AdoNetStreamOptions o) => { o.Invariant = Invariant; o.ConnectionString = connectionString; });
        // The crawling platform's data lives in the cluster's database too, so every silo sees every job.
        silo.Services.AddPostgreSqlPlatformStores(connectionString);
        var migrate = options.MigrateOnStart;
        silo.Services.AddEngineStartupCheck(Engine, cancellationToken => PrepareAsync(connectionString, migrate, cancellationToken));
    }

    public static void ConfigureClient(IClientBuilder client, JobRuntimeClusterOptions options)
    {
        var connectionString = options.ConnectionString!;
        client.UseAdoNetClustering(o => { o.Invariant = Invariant; o.ConnectionString = connectionString; });
        client.AddAdoNetStreams(JobStreams.Provider, (AdoNetStreamOptions o) => { o.Invariant = Invariant; o.ConnectionString = connectionString; });
    }

    private static async Task PrepareAsync(string connectionString, bool migrate, CancellationToken cancellationToken)
    {
        try
        {
            if (migrate)
            {
                await PostgreSqlSchema.MigrateAsync(connectionString, cancellationToken).ConfigureAwait(false);
                return;
            }
            await PostgreSqlSchema.RequireCurrentAsync(connectionString, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgreSqlSchemaException e) when (e.Unreachable)
        {
            throw new ClusterEngineUnreachableException(Engine, e.Address ?? PostgreSqlSchema.AddressOf(connectionString), e.InnerException?.Message ?? e.Message, e);
        }
    }
}
