using JobRuntime.Sqlite;
using JobRuntime.Sqlite.Platform;
using JobRuntime.Storage.Platform;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Orleans.Hosting;

/// <summary>The crawling platform's stores in the silo's SQLite file.</summary>
public static class SqlitePlatformSiloBuilderExtensions
{
    /// <summary>
    /// Registers the platform's stores (<see cref="IPlatformProjectStore"/>, <see cref="IPlatformJobStore"/>,
    /// <see cref="IPlatformDataStore"/>, <see cref="IPlatformCollectionStore"/>, <see cref="IPlatformFrontierStore"/>)
    /// over the silo's <see cref="SqliteDatabase"/> (calls <see cref="SqliteSiloBuilderExtensions.AddSqliteDatabase"/>). Idempotent.
    /// </summary>
    public static ISiloBuilder AddSqlitePlatformStores(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.AddSqliteDatabase();
        var services = silo.Services;
        services.TryAddSingleton<IPlatformProjectStore>(sp => new SqlitePlatformProjectStore(sp.GetRequiredService<SqliteDatabase>()));
        services.TryAddSingleton<IPlatformJobStore>(sp => new SqlitePlatformJobStore(sp.GetRequiredService<SqliteDatabase>()));
        services.TryAddSingleton<IPlatformDataStore>(sp => new SqlitePlatformDataStore(sp.GetRequiredService<SqliteDatabase>()));
        services.TryAddSingleton<IPlatformCollectionStore>(sp => new SqlitePlatformCollectionStore(sp.GetRequiredService<SqliteDatabase>()));
        services.TryAddSingleton<IPlatformFrontierStore>(sp => new SqlitePlatformFrontierStore(sp.GetRequiredService<SqliteDatabase>()));
        return silo;
    }
}
