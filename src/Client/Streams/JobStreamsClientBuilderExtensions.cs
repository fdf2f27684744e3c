using JobRuntime.Client.Streams;
using Orleans.Configuration;
using Orleans.Providers.Streams.Common;
using Orleans.Runtime;
using Orleans.Streams;

namespace JobRuntime.Hosting;

/// <summary>Lets an Orleans client subscribe to JobRuntime's durable streams.</summary>
public static class JobStreamsClientBuilderExtensions
{
    /// <summary>
    /// Adds the stream provider <paramref name="name"/> to the client, to subscribe to streams the
    /// silos serve under that name (the SQLite event log); it is rewindable, so a subscription may
    /// start from a token (<c>EventSequenceTokenV2(seq)</c>). Producing through it throws
    /// <see cref="StreamProviderReadOnlyException"/>: events are produced in the silos.
    /// </summary>
    /// <param name="client">The client builder.</param>
    /// <param name="name">The provider name, as the silos register it.</param>
    public static IClientBuilder AddJobRuntimeStreams(this IClientBuilder client, string name)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return client.AddPersistentStreams(name, static (_, providerName) => new SubscribeOnlyAdapterFactory(providerName), null);
    }

    // A client provider only needs an adapter: subscriptions go through pub-sub to the silos'
    // pulling agents; the client never pulls, caches or maps queues.
    private sealed class SubscribeOnlyAdapterFactory(string name) : IQueueAdapterFactory, IQueueAdapter
    {
        private readonly HashRingBasedStreamQueueMapper _mapper = new(new HashRingStreamQueueMapperOptions { TotalQueueCount = 1 }, name);

        public string Name => name;

        // The silo decides how far back a subscriber can go; the client must only allow tokens.
        public bool IsRewindable => true;

        // Not ReadOnly: Orleans would throw its own untyped exception before reaching this adapter.
        public StreamProviderDirection Direction => StreamProviderDirection.ReadWrite;

        public Task<IQueueAdapter> CreateAdapter() => Task.FromResult<IQueueAdapter>(this);

        public IQueueAdapterCache GetQueueAdapterCache() =>
            throw new NotSupportedException($"The stream provider '{name}' of this client has no cache: only silos pull events.");

        public IStreamQueueMapper GetStreamQueueMapper() => _mapper;

        public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) =>
            Task.FromResult<IStreamFailureHandler>(new NoOpStreamDeliveryFailureHandler());

        public Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext) =>
            Task.FromException(new StreamProviderReadOnlyException(name, streamId));

        public IQueueAdapterReceiver CreateReceiver(QueueId queueId) =>
            throw new NotSupportedException($"The stream provider '{name}' of this client has no receivers: only silos pull events.");
    }
}
