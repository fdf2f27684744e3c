using JobRuntime.PostgreSql.Platform;
using JobRuntime.Storage.Platform;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace JobRuntime.Hosting;

/// <summary>Registers the crawling platform's stores on PostgreSQL.</summary>
public static class PostgresPlatformServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IPlatformProjectStore"/>, <see cref="IPlatformJobStore"/>, <see cref="IPlatformDataStore"/>,
    /// <see cref="IPlatformCollectionStore"/> and <see cref="IPlatformFrontierStore"/> on the database of
    /// <paramref name="connectionString"/> (schema version 6 or later). Registrations already made win.
    /// </summary>
    public static IServiceCollection AddPostgreSqlPlatformStores(this IServiceCollection services, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        services.TryAddSingleton(_ => new PostgresPlatformDatabase(connectionString));
        services.TryAddSingleton<IPlatformProjectStore>(sp => new PostgresPlatformProjectStore(sp.GetRequiredService<PostgresPlatformDatabase>(), sp.GetService<TimeProvider>()));
        services.TryAddSingleton<IPlatformJobStore>(sp => new PostgresPlatformJobStore(sp.GetRequiredService<PostgresPlatformDatabase>()));
        services.TryAddSingleton<IPlatformDataStore>(sp => new PostgresPlatformDataStore(sp.GetRequiredService<PostgresPlatformDatabase>()));
        services.TryAddSingleton<IPlatformCollectionStore>(sp => new PostgresPlatformCollectionStore(sp.GetRequiredService<PostgresPlatformDatabase>()));
        services.TryAddSingleton<IPlatformFrontierStore>(sp => new PostgresPlatformFrontierStore(sp.GetRequiredService<PostgresPlatformDatabase>()));
        return services;
    }
}
