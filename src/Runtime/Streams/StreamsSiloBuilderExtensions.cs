using JobRuntime.Runtime;
using JobRuntime.Streams;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace JobRuntime.Hosting;

/// <summary>Adds stream providers to a silo.</summary>
public static class StreamsSiloBuilderExtensions
{
    /// <summary>
    /// Adds a stream provider without durability: events go to current subscribers (a slow one
    /// holds the producer back rather than lose events). Grain subscriptions are kept in the
    /// subscription store (durable with <c>UseSqlite</c>).
    /// </summary>
    public static ISiloBuilder AddMemoryStreams(this ISiloBuilder silo, string name, Action<StreamProviderOptions>? configure = null) =>
        AddStreams(silo, name, durable: false, configure);

    /// <summary>
    /// Adds a durable stream provider over the registered <see cref="IStreamEventStore"/> (e.g.
    /// SQLite via <c>AddSqliteStreams</c>): every event has a sequence token, and a subscriber
    /// resuming after its last token gets every later event once, in order.
    /// </summary>
    public static ISiloBuilder AddDurableStreams(this ISiloBuilder silo, string name, Action<StreamProviderOptions>? configure = null) =>
        AddStreams(silo, name, durable: true, configure);

    private static ISiloBuilder AddStreams(ISiloBuilder silo, string name, bool durable, Action<StreamProviderOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentException.ThrowIfNullOrEmpty(name);
        silo.Services.TryAddSingleton<MemoryStreamSubscriptionStore>();
        var options = new StreamProviderOptions();
        silo.Configuration.GetSection($"JobRuntime:Streams:{name}").Bind(options);
        configure?.Invoke(options);
        if (options.DeliveryBatchSize <= 0 || options.CacheSize <= 0 || options.Retention <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Stream provider '{name}': DeliveryBatchSize ({options.DeliveryBatchSize}), CacheSize ({options.CacheSize}) and Retention ({options.Retention}) must be positive.");
        }
        silo.Services.AddKeyedSingleton(name, (sp, _) => new StreamProvider(
            name,
            options,
            durable ? sp.GetService<IStreamEventStore>() ?? throw new InvalidOperationException($"Durable stream provider '{name}' needs an IStreamEventStore: call UseSqlite() first.") : null,
            sp.GetService<IStreamSubscriptionStore>() ?? sp.GetRequiredService<MemoryStreamSubscriptionStore>(),
            sp.GetRequiredService<SiloRuntime>(),
            sp.GetRequiredService<ILogger<StreamProvider>>()));
        silo.Services.AddKeyedSingleton<IStreamProvider>(name, (sp, key) => sp.GetRequiredKeyedService<StreamProvider>(key));
        silo.Services.AddSingleton<ISiloLifecycleParticipant>(sp => sp.GetRequiredKeyedService<StreamProvider>(name));
        return silo;
    }
}
