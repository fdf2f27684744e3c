using JobRuntime.Sqlite;
using JobRuntime.Sqlite.Queues;
using JobRuntime.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace JobRuntime.Grains.Queues;

/// <summary>
/// Adds work queues to a silo: the queue grains (<see cref="JobRuntime.GrainInterfaces.Queues.IWorkQueueGrain"/>)
/// over the silo's SQLite file (<c>UseSqlite</c> or <c>AddSqliteDatabase</c> must be called too),
/// and the <see cref="SqliteQueueCatalog"/> that lists them with their depths.
/// </summary>
public static class WorkQueuesHosting
{
    /// <summary>The service key of the queue driver the queue grains use.</summary>
    public const string DriverKey = "work-queues";

    /// <summary>Adds work queues on the silo's SQLite file. Idempotent.</summary>
    public static ISiloBuilder AddWorkQueues(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.AddSqliteDatabase();
        silo.Services.TryAddKeyedSingleton<IQueueDriver>(DriverKey, (sp, _) => new SqliteQueueDriver(sp.GetRequiredService<SqliteDatabase>()));
        silo.Services.TryAddSingleton(sp => new SqliteQueueCatalog(sp.GetRequiredService<SqliteDatabase>()));
        return silo;
    }
}
