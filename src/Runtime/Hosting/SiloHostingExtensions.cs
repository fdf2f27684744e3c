using JobRuntime.Observers;
using JobRuntime.Runtime;
using JobRuntime.Serialization;
using JobRuntime.Storage;
using JobRuntime.Timers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobRuntime.Hosting;

/// <summary>Hosts a silo in a generic host or an ASP.NET Core app.</summary>
public static class SiloHostingExtensions
{
    /// <summary>
    /// Adds a silo to the host. Options bind from the <c>JobRuntime</c> configuration section
    /// (<c>JobRuntime:Collection</c>, <c>JobRuntime:Messaging</c>, <c>JobRuntime:Silo</c>,
    /// <c>JobRuntime:Reminders</c>). Calling it again only runs <paramref name="configure"/>.
    /// </summary>
    public static TBuilder UseJobRuntimeSilo<TBuilder>(this TBuilder builder, Action<ISiloBuilder>? configure = null)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddJobRuntimeSilo(builder.Configuration, configure);
        return builder;
    }

    /// <summary>Adds a silo's services (see <see cref="UseJobRuntimeSilo{TBuilder}"/>).</summary>
    public static IServiceCollection AddJobRuntimeSilo(this IServiceCollection services, IConfiguration configuration, Action<ISiloBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var silo = new SiloBuilder(services, configuration);
        if (!services.Any(d => d.ServiceType == typeof(SiloMarker)))
        {
            services.AddSingleton<SiloMarker>();
            AddCore(services, configuration);
        }
        configure?.Invoke(silo);
        return services;
    }

    private static void AddCore(IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("JobRuntime");
        services.AddOptions<GrainCollectionOptions>().Bind(section.GetSection("Collection")).ValidateOnStart();
        services.AddOptions<MessagingOptions>().Bind(section.GetSection("Messaging")).ValidateOnStart();
        services.AddOptions<SiloOptions>().Bind(section.GetSection("Silo")).ValidateOnStart();
        services.AddOptions<ReminderOptions>().Bind(section.GetSection("Reminders"));
        services.AddOptions<GatewayOptions>().Bind(section.GetSection("Gateway")).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GrainCollectionOptions>, RuntimeOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MessagingOptions>, RuntimeOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SiloOptions>, RuntimeOptionsValidator>());
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<GrainCodeCatalog>();
        services.TryAddSingleton(sp => new GrainSerializer(() => sp.GetRequiredService<IGrainFactory>()));
        services.TryAddSingleton<SiloRuntime>();
        services.TryAddSingleton(sp => sp.GetRequiredService<SiloRuntime>().GrainFactory);
        services.TryAddSingleton(sp => new ReminderService(
            sp.GetService<IReminderTable>(),
            sp.GetRequiredService<SiloRuntime>(),
            sp.GetRequiredService<IOptions<ReminderOptions>>().Value,
            sp.GetRequiredService<ILogger<ReminderService>>()));
        services.TryAddSingleton<Gateway.SiloGateway>();
        services.AddSingleton<ISiloLifecycleParticipant>(sp => sp.GetRequiredService<Gateway.SiloGateway>());
        services.AddSingleton<SiloHost>();
        services.AddHostedService(sp => sp.GetRequiredService<SiloHost>());
    }

    /// <summary>Adds grain storage kept in memory under <paramref name="name"/> (default "Default").</summary>
    public static ISiloBuilder AddMemoryGrainStorage(this ISiloBuilder silo, string name = "Default")
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) => new MemoryGrainStorage(name, sp.GetRequiredService<GrainSerializer>()));
        return silo;
    }

    /// <summary>Keeps reminders in memory (they survive deactivation, not a restart). <c>UseSqlite</c> keeps them durably.</summary>
    public static ISiloBuilder AddMemoryReminders(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.RemoveAll<IReminderTable>();
        silo.Services.AddSingleton<IReminderTable, MemoryReminderTable>();
        return silo;
    }

    /// <summary>Configures an options class of the silo.</summary>
    public static ISiloBuilder Configure<TOptions>(this ISiloBuilder silo, Action<TOptions> configure) where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.Configure(configure);
        return silo;
    }

    private sealed class SiloMarker;
}
