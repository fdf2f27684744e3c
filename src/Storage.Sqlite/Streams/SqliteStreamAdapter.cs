using System.Text.Json;
using Orleans.Runtime;
using Orleans.Streams;

namespace JobRuntime.Sqlite.Streams;

/// <summary>
/// Producing appends to the log (each event as JSON with <see cref="JsonSerializerOptions.Web"/>);
/// receivers find new events by seq. Rewindable: a subscriber can start from any seq still in the log.
/// </summary>
internal sealed class SqliteStreamAdapter(
    string name,
    SqliteStreamStore store,
    SqliteStreamLog log,
    IStreamQueueMapper mapper,
    Func<QueueId, SqliteStreamQueuePosition> positions,
    SqliteStreamsOptions options) : IQueueAdapter
{
    public string Name => name;

    public bool IsRewindable => true;

    public StreamProviderDirection Direction => StreamProviderDirection.ReadWrite;

    /// <summary>Appends the events; the log gives them their seqs, so a producer's token is ignored.</summary>
    public Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext)
    {
        ArgumentNullException.ThrowIfNull(events);
        // The runtime type, so that a subscriber of a derived type gets every property.
        var payloads = events.Select(e => JsonSerializer.SerializeToUtf8Bytes(e, e?.GetType() ?? typeof(T), JsonSerializerOptions.Web)).ToList();
        return store.AppendAsync(name, streamId, payloads);
    }

    public IQueueAdapterReceiver CreateReceiver(QueueId queueId) =>
        new SqliteStreamReceiver(name, queueId, log, mapper, positions(queueId), options.StartupLookback, options.StartupLookbackDelay);
}
