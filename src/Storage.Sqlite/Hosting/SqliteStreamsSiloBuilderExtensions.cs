using JobRuntime.Sqlite;
using JobRuntime.Sqlite.Streams;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace JobRuntime.Hosting;

/// <summary>Adds durable, rewindable Orleans stream providers over the SQLite event log to a silo.</summary>
public static class SqliteStreamsSiloBuilderExtensions
{
    /// <summary>
    /// Adds the stream provider <paramref name="name"/>: its events are the rows of
    /// <c>stream_events</c> with <c>provider = name</c>, whoever wrote them, and subscribers may
    /// start from any seq still in the log (<c>EventSequenceTokenV2(seq)</c>). Needs a
    /// <see cref="SqliteDatabase"/> service and a grain storage named <c>PubSubStore</c>; adds
    /// <see cref="SqliteStreamStore"/> when missing. Clients subscribe with a provider of the same name.
    /// Options bind from the configuration section <c>JobRuntime:Streams:&lt;name&gt;</c>, then
    /// <paramref name="configure"/> runs.
    /// </summary>
    /// <param name="silo">The silo builder.</param>
    /// <param name="name">The provider name.</param>
    /// <param name="configure">Sets the provider's options; the defaults when null.</param>
    public static ISiloBuilder AddSqliteStreams(this ISiloBuilder silo, string name, Action<SqliteStreamsOptions>? configure = null) =>
        silo.AddSqliteStreams(name, options =>
        {
            if (configure is not null)
            {
                options.Configure(configure);
            }
        });

    /// <summary>Same as <see cref="AddSqliteStreams(ISiloBuilder, string, Action{SqliteStreamsOptions}?)"/>, configuring through an options builder.</summary>
    /// <param name="silo">The silo builder.</param>
    /// <param name="name">The provider name.</param>
    /// <param name="configureOptions">Configures the provider's options, e.g. binding them to a configuration section.</param>
    public static ISiloBuilder AddSqliteStreams(this ISiloBuilder silo, string name, Action<OptionsBuilder<SqliteStreamsOptions>> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(configureOptions);
        var services = silo.Services;
        services.TryAddSingleton<SqliteStreamStore>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteStreamsOptions>, SqliteStreamsOptionsValidator>());
        var options = services.AddOptions<SqliteStreamsOptions>(name).ValidateOnStart();
        options.Bind(silo.Configuration.GetSection(SqliteStreamsOptions.SectionFor(name)));
        configureOptions(options);
        return silo.AddPersistentStreams(name, SqliteStreamAdapterFactory.Create, streams =>
            streams.ConfigurePullingAgent(agent => agent.Configure<IOptionsMonitor<SqliteStreamsOptions>>((pulling, all) =>
            {
                // One container per call, already holding a page of events (BatchSize). Orleans would
                // otherwise wrap several containers in a BatchContainerBatch, whose token is its FIRST
                // container's: after a re-handshake the subscriber would get the rest of that batch again.
                pulling.BatchContainerBatchSize = 1;
                pulling.GetQueueMsgsTimerPeriod = all.Get(name).PollPeriod;
            })));
    }
}
