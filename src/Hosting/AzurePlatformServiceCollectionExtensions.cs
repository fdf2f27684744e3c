using JobRuntime.AzureStorage.Platform;
using JobRuntime.Storage.Platform;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace JobRuntime.Hosting;

/// <summary>Registers the crawling platform's stores on Azure Tables.</summary>
public static class AzurePlatformServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IPlatformProjectStore"/>, <see cref="IPlatformJobStore"/>, <see cref="IPlatformDataStore"/>,
    /// <see cref="IPlatformCollectionStore"/> and <see cref="IPlatformFrontierStore"/> on the tables of the account of
    /// <paramref name="connectionString"/>, named as <see cref="AzurePlatformStoreOptions"/> (section
    /// <c>JobRuntime:Platform:AzureStorage</c> of <paramref name="configuration"/> when given) say; without
    /// a configured prefix, the tables are named after <paramref name="serviceId"/>
    /// (<see cref="AzurePlatformStoreOptions.PrefixFor"/>). Registrations already made win.
    /// </summary>
    public static IServiceCollection AddAzureStoragePlatformStores(this IServiceCollection services, string connectionString, IConfiguration? configuration = null, string? serviceId = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        var options = services.AddOptions<AzurePlatformStoreOptions>().Configure(o => o.TablePrefix = AzurePlatformStoreOptions.PrefixFor(serviceId));
        if (configuration is not null)
        {
            options.Bind(configuration.GetSection(AzurePlatformStoreOptions.Section));
        }
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AzurePlatformStoreOptions>, AzurePlatformStoreOptionsValidator>());
        services.TryAddSingleton(sp => new AzurePlatformTables(connectionString, sp.GetRequiredService<IOptions<AzurePlatformStoreOptions>>().Value));
        services.TryAddSingleton<IPlatformProjectStore>(sp => new AzurePlatformProjectStore(sp.GetRequiredService<AzurePlatformTables>(), sp.GetService<TimeProvider>()));
        services.TryAddSingleton<IPlatformJobStore>(sp => new AzurePlatformJobStore(sp.GetRequiredService<AzurePlatformTables>()));
        services.TryAddSingleton<IPlatformDataStore>(sp => new AzurePlatformDataStore(sp.GetRequiredService<AzurePlatformTables>()));
        services.TryAddSingleton<IPlatformCollectionStore>(sp => new AzurePlatformCollectionStore(sp.GetRequiredService<AzurePlatformTables>()));
        services.TryAddSingleton<IPlatformFrontierStore>(sp => new AzurePlatformFrontierStore(sp.GetRequiredService<AzurePlatformTables>()));
        return services;
    }
}
