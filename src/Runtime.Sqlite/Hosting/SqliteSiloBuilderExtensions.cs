using JobRuntime.Serialization;
using JobRuntime.Sqlite;
using JobRuntime.Storage;
using JobRuntime.Streams;
using JobRuntime.Timers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobRuntime.Hosting;

/// <summary>The embedded default: grain state, reminders and streams in one SQLite file.</summary>
public static class SqliteSiloBuilderExtensions
{
    /// <summary>
    /// Keeps the silo's durable data in one SQLite file (options from <c>JobRuntime:Sqlite</c>;
    /// default file <c>jobruntime.db</c>): the "Default" grain storage, reminders, stream
    /// subscriptions and the events of durable stream providers. Idempotent.
    /// </summary>
    public static ISiloBuilder UseSqlite(this ISiloBuilder silo, Action<SqliteOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var services = silo.Services;
        var options = services.AddOptions<SqliteOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        if (services.Any(d => d.ServiceType == typeof(SqliteDatabase)))
        {
            return silo;
        }
        options.Bind(silo.Configuration.GetSection("JobRuntime:Sqlite")).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteOptions>, SqliteOptionsValidator>());
        services.AddSingleton(sp => new SqliteDatabase(
            sp.GetRequiredService<IOptions<SqliteOptions>>().Value,
            sp.GetRequiredService<ILogger<SqliteDatabase>>(),
            sp.GetRequiredService<TimeProvider>()));
        // First registered, so it stops last: after grains deactivated and streams stopped, the queue is flushed.
        services.Insert(0, ServiceDescriptor.Singleton<ISiloLifecycleParticipant, SqliteFlushOnStop>());
        services.TryAddKeyedSingleton<IGrainStorage>("Default", (sp, _) => sp.GetRequiredKeyedService<IGrainStorage>(SqliteStorageKey("Default")));
        silo.AddSqliteGrainStorage("Default");
        services.RemoveAll<IReminderTable>();
        services.AddSingleton<IReminderTable>(sp => new SqliteReminderTable(sp.GetRequiredService<SqliteDatabase>()));
        services.TryAddSingleton(sp => new SqliteStreamStore(sp.GetRequiredService<SqliteDatabase>()));
        services.RemoveAll<IStreamEventStore>();
        services.RemoveAll<IStreamSubscriptionStore>();
        services.AddSingleton<IStreamEventStore>(sp => sp.GetRequiredService<SqliteStreamStore>());
        services.AddSingleton<IStreamSubscriptionStore>(sp => sp.GetRequiredService<SqliteStreamStore>());
        services.TryAddSingleton<ITaskQueueStore>(sp => new SqliteTaskQueueStore(sp.GetRequiredService<SqliteDatabase>()));
        return silo;
    }

    /// <summary>Adds SQLite grain storage named <paramref name="name"/> in the silo's SQLite file (calls <see cref="UseSqlite"/>).</summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder silo, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        silo.UseSqlite();
        var key = SqliteStorageKey(name);
        if (!silo.Services.Any(d => d.IsKeyedService && Equals(d.ServiceKey, key)))
        {
            silo.Services.AddKeyedSingleton<IGrainStorage>(key, (sp, _) => new SqliteGrainStorage(name, sp.GetRequiredService<SqliteDatabase>(), sp.GetRequiredService<GrainSerializer>()));
            if (name != "Default")
            {
                silo.Services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) => sp.GetRequiredKeyedService<IGrainStorage>(key));
            }
        }
        return silo;
    }

    /// <summary>Adds a durable stream provider whose events are kept in the silo's SQLite file (calls <see cref="UseSqlite"/>).</summary>
    public static ISiloBuilder AddSqliteStreams(this ISiloBuilder silo, string name, Action<StreamProviderOptions>? configure = null)
    {
        silo.UseSqlite();
        return silo.AddDurableStreams(name, configure);
    }

    private static string SqliteStorageKey(string name) => $"sqlite:{name}";

    private sealed class SqliteFlushOnStop(SqliteDatabase database) : ISiloLifecycleParticipant
    {
        public Task OnStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task OnStopAsync(CancellationToken cancellationToken)
        {
            try
            {
                await database.FlushAsync(cancellationToken);
            }
            catch (GrainStorageException)
            {
                // The file never opened (locked or corrupt): there is nothing queued to flush.
            }
        }
    }
}
