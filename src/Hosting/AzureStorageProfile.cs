using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using JobRuntime.GrainInterfaces;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Providers;

namespace JobRuntime.Hosting;

/// <summary>
/// The AzureStorage profile: membership, grain state (default and <c>PubSubStore</c>) and
/// reminders in Azure Tables; the <c>jobs</c> stream provider over Azure Queues named after the
/// service id; the crawling platform's stores in Azure Tables. One connection string reaches both services.
/// </summary>
internal static class AzureStorageProfile
{
    public const string Engine = "Azure Table Storage";

    public static void ConfigureSilo(ISiloBuilder silo, JobRuntimeClusterOptions options, ClusterEndpoints endpoints)
    {
        var connectionString = options.ConnectionString!;
        endpoints.Apply(silo);
        silo.UseAzureStorageClustering(o => o.TableServiceClient = new TableServiceClient(connectionString));
        silo.AddAzureTableGrainStorageAsDefault(o => o.TableServiceClient = new TableServiceClient(connectionString));
        silo.AddAzureTableGrainStorage(ProviderConstants.DEFAULT_PUBSUB_PROVIDER_NAME, o => o.TableServiceClient = new TableServiceClient(connectionString));
        silo.UseAzureTableReminderService(o => o.TableServiceClient = new TableServiceClient(connectionString));
        silo.AddAzureQueueStreams(JobStreams.Provider, configurator => configurator.ConfigureAzureQueue(queues =>
            queues.Configure(o => Queues(o, connectionString, endpoints.ServiceId, options.AzureQueueCount))));
        // The crawling platform's data lives in the account's tables too, so every silo sees every job.
        silo.Services.AddAzureStoragePlatformStores(connectionString, silo.Configuration, endpoints.ServiceId);
        silo.Services.AddEngineStartupCheck(Engine, cancellationToken => ProbeAsync(connectionString, cancellationToken));
    }

    public static void ConfigureClient(IClientBuilder client, JobRuntimeClusterOptions options, ClusterEndpoints endpoints)
    {
        var connectionString = options.ConnectionString!;
        client.UseAzureStorageClustering(o => o.TableServiceClient = new TableServiceClient(connectionString));
        client.AddAzureQueueStreams(JobStreams.Provider, configurator => configurator.ConfigureAzureQueue(queues =>
            queues.Configure(o => Queues(o, connectionString, endpoints.ServiceId, options.AzureQueueCount))));
    }

    // Queue names are account-wide, so they carry the service id: two services can share an account.
    private static void Queues(AzureQueueOptions options, string connectionString, string serviceId, int count)
    {
        options.QueueServiceClient = new QueueServiceClient(connectionString);
        var prefix = new string(serviceId.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        prefix = prefix.Length > 40 ? prefix[..40].TrimEnd('-') : prefix;
        options.QueueNames = Enumerable.Range(0, count).Select(i => $"{(prefix.Length == 0 ? "jobruntime" : prefix)}-jobs-{i}").ToList();
    }

    // One short listing of tables: reachable with these credentials, or a clear stop.
    private static async Task ProbeAsync(string connectionString, CancellationToken cancellationToken)
    {
        var clientOptions = new TableClientOptions();
        clientOptions.Retry.MaxRetries = 2;
        clientOptions.Retry.Mode = RetryMode.Fixed;
        clientOptions.Retry.Delay = TimeSpan.FromSeconds(1);
        clientOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(15);
        var tables = new TableServiceClient(connectionString, clientOptions);
        var address = tables.Uri.GetLeftPart(UriPartial.Path);
        try
        {
            await foreach (var _ in tables.QueryAsync(maxPerPage: 1, cancellationToken: cancellationToken).AsPages().ConfigureAwait(false))
            {
                break;
            }
        }
        catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or AggregateException or TimeoutException)
        {
            throw new ClusterEngineUnreachableException(Engine, address, e.Message.Split('\n')[0].Trim(), e);
        }
    }
}
