using JobRuntime.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Orleans.Hosting;

/// <summary>
/// The embedded engine of JobRuntime as Orleans providers: grain state, reminders, durable stream
/// events and the jobs' task queues in one SQLite file. Every method is idempotent.
/// </summary>
public static class SqliteSiloBuilderExtensions
{
    /// <summary>The configuration section bound to <see cref="SqliteOptions"/>: <c>JobRuntime:Sqlite</c>.</summary>
    public const string ConfigurationSection = "JobRuntime:Sqlite";

    /// <summary>
    /// Keeps the silo's durable data in one SQLite file: <see cref="AddSqliteDatabase"/>, the default
    /// grain storage, the grain storage <c>PubSubStore</c> that Orleans' streams keep their
    /// subscriptions in, and the reminder table.
    /// </summary>
    /// <param name="silo">The silo builder.</param>
    /// <param name="configure">Configures the file's options, after section <c>JobRuntime:Sqlite</c> is bound.</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder UseSqlite(this ISiloBuilder silo, Action<SqliteOptions>? configure = null) =>
        silo.AddSqliteDatabase(configure)
            .AddSqliteGrainStorageAsDefault()
            .AddSqliteGrainStorage(ProviderConstants.DEFAULT_PUBSUB_PROVIDER_NAME)
            .UseSqliteReminderService();

    /// <summary>
    /// Registers the one <see cref="SqliteDatabase"/> of the silo (options bound from section
    /// <c>JobRuntime:Sqlite</c>, validated at start; default file <c>jobruntime.db</c>), flushed when
    /// the silo stops, and the stream store over it (<see cref="SqliteStreamStore"/>).
    /// </summary>
    /// <param name="silo">The silo builder.</param>
    /// <param name="configure">Configures the file's options, after the configuration section is bound.</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder AddSqliteDatabase(this ISiloBuilder silo, Action<SqliteOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var services = silo.Services;
        if (!services.Any(d => d.ServiceType == typeof(SqliteDatabase)))
        {
            services.AddOptions<SqliteOptions>().Bind(silo.Configuration.GetSection(ConfigurationSection)).ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteOptions>, SqliteOptionsValidator>());
            services.AddSingleton(sp => new SqliteDatabase(
                sp.GetRequiredService<IOptions<SqliteOptions>>().Value,
                sp.GetService<ILogger<SqliteDatabase>>(),
                sp.GetService<TimeProvider>()));
            services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SqliteFlushOnStop>();
        }
        if (configure is not null)
        {
            services.Configure(configure);
        }
        services.TryAddSingleton(sp => new SqliteStreamStore(sp.GetRequiredService<SqliteDatabase>()));
        return silo;
    }

    /// <summary>
    /// Adds the grain storage named <paramref name="name"/> in the silo's SQLite file (calls
    /// <see cref="AddSqliteDatabase"/>). States are serialized with the silo's <see cref="IGrainStorageSerializer"/>.
    /// </summary>
    /// <param name="silo">The silo builder.</param>
    /// <param name="name">The provider name, as in <c>[PersistentState("state", "name")]</c>.</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder silo, string name)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentException.ThrowIfNullOrEmpty(name);
        silo.AddSqliteDatabase();
        var services = silo.Services;
        if (services.Any(d => d.ImplementationInstance is SqliteGrainStorageName registered && registered.Name == name))
        {
            return silo;
        }
        services.AddSingleton(new SqliteGrainStorageName(name));
        services.AddGrainStorage(name, static (sp, key) => new SqliteGrainStorage(
            key,
            sp.GetRequiredService<SqliteDatabase>(),
            sp.GetRequiredService<IGrainStorageSerializer>(),
            sp.GetRequiredService<IActivatorProvider>()));
        return silo;
    }

    /// <summary>Adds the default grain storage (named <c>Default</c>) in the silo's SQLite file; see <see cref="AddSqliteGrainStorage"/>.</summary>
    /// <param name="silo">The silo builder.</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder AddSqliteGrainStorageAsDefault(this ISiloBuilder silo) =>
        silo.AddSqliteGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);

    /// <summary>
    /// Adds Orleans' reminder service with its reminder table in the silo's SQLite file (calls
    /// <see cref="AddSqliteDatabase"/>), replacing any other reminder table.
    /// </summary>
    /// <param name="silo">The silo builder.</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder UseSqliteReminderService(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.AddSqliteDatabase().AddReminders();
        var services = silo.Services;
        if (!services.Any(d => d.ServiceType == typeof(SqliteReminderTable)))
        {
            services.RemoveAll<IReminderTable>();
            services.AddSingleton(sp => new SqliteReminderTable(sp.GetRequiredService<SqliteDatabase>()));
            services.AddSingleton<IReminderTable>(sp => sp.GetRequiredService<SqliteReminderTable>());
        }
        return silo;
    }

    /// <summary>Marks a grain storage name this class registered, so that registering it again does nothing.</summary>
    private sealed record SqliteGrainStorageName(string Name);
}
