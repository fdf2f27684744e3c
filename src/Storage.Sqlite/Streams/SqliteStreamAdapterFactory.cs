using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;

namespace JobRuntime.Sqlite.Streams;

/// <summary>
/// Builds a SQLite stream provider's parts: the adapter, the log-backed cache of each queue and
/// the stream-to-queue mapping (a hash ring over <see cref="SqliteStreamsOptions.QueueCount"/> queues).
/// </summary>
internal sealed class SqliteStreamAdapterFactory : IQueueAdapterFactory, IQueueAdapterCache
{
    private readonly string _name;
    private readonly SqliteStreamsOptions _options;
    private readonly SqliteStreamStore _store;
    private readonly SqliteStreamLog _log;
    private readonly ILogger _logger;
    private readonly HashRingBasedStreamQueueMapper _mapper;
    private readonly ConcurrentDictionary<QueueId, SqliteStreamQueuePosition> _positions = new();

    public SqliteStreamAdapterFactory(string name, SqliteStreamsOptions options, SqliteDatabase database, SqliteStreamStore store, ILogger<SqliteStreamAdapterFactory> logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(store);
        _name = name;
        _options = options;
        _store = store;
        _log = new SqliteStreamLog(database);
        _logger = logger;
        _mapper = new HashRingBasedStreamQueueMapper(new HashRingStreamQueueMapperOptions { TotalQueueCount = options.QueueCount }, name);
    }

    /// <summary>The factory of the provider <paramref name="name"/>, for <c>AddPersistentStreams</c>.</summary>
    public static SqliteStreamAdapterFactory Create(IServiceProvider services, string name) =>
        new(name,
            services.GetRequiredService<IOptionsMonitor<SqliteStreamsOptions>>().Get(name),
            services.GetRequiredService<SqliteDatabase>(),
            services.GetRequiredService<SqliteStreamStore>(),
            services.GetRequiredService<ILogger<SqliteStreamAdapterFactory>>());

    public Task<IQueueAdapter> CreateAdapter() =>
        Task.FromResult<IQueueAdapter>(new SqliteStreamAdapter(_name, _store, _log, _mapper, Position, _options));

    public IQueueAdapterCache GetQueueAdapterCache() => this;

    public IStreamQueueMapper GetStreamQueueMapper() => _mapper;

    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) =>
        Task.FromResult<IStreamFailureHandler>(new NoOpStreamDeliveryFailureHandler());

    public IQueueCache CreateQueueCache(QueueId queueId) =>
        new SqliteStreamCache(_name, _store, Position(queueId), _options.BatchSize, _logger);

    private SqliteStreamQueuePosition Position(QueueId queueId) => _positions.GetOrAdd(queueId, static _ => new SqliteStreamQueuePosition());
}
