using System.Collections.Concurrent;
using System.Threading.Channels;
using JobRuntime.CodeGeneration;
using JobRuntime.Messaging;
using JobRuntime.Streams;

namespace JobRuntime.Client;

/// <summary>
/// The client's side of streams: publishing through the silo, and subscriptions fed by the silo
/// over the connection. Each subscription remembers the last event its observer handled and, after
/// a reconnect, asks the silo to continue from there: a durable stream then loses and repeats nothing.
/// </summary>
internal sealed class ClientStreams(ClusterClient client)
{
    public ClusterClient Client => client;

    private readonly ConcurrentDictionary<Guid, ClientSubscription> _subscriptions = new();

    public IStreamProvider GetProvider(string name) => new Provider(this, name);

    public void OnEvent(byte[] body)
    {
        var (handle, sequence, stored) = Frames.ReadStreamEvent(body);
        if (_subscriptions.TryGetValue(handle, out var subscription))
        {
            subscription.Enqueue(sequence, stored);
        }
    }

    public async Task ResubscribeAsync(ClientConnection connection)
    {
        foreach (var subscription in _subscriptions.Values)
        {
            await SubscribeOnAsync(connection, subscription, subscription.Position);
        }
    }

    private async Task SubscribeOnAsync(ClientConnection connection, ClientSubscription subscription, long from)
    {
        var request = new SubscribeRequest(client.Invoker.NextId());
        var call = new RemoteCall<long>(new Runtime.CallContext(new GrainId("sys.stream", subscription.Stream.ToString()), SubscribeRequest.MethodInfo, null));
        var frame = Frames.Subscribe(request.Id, subscription.Handle, subscription.Provider, subscription.Stream, from);
        var start = await client.Invoker.SendRawAsync(connection, frame, call);
        if (from < 0)
        {
            subscription.Position = Math.Max(subscription.Position, start);
        }
    }

    private async Task<StreamSubscriptionHandle<T>> SubscribeAsync<T>(string provider, StreamId stream, IAsyncObserver<T> observer, StreamSequenceToken? token)
    {
        var connection = client.CurrentConnection ?? await client.WaitForConnectionAsync(SubscribeRequest.MethodInfo, new GrainId("sys.stream", stream.ToString()));
        var subscription = new ClientSubscription(Guid.NewGuid(), provider, stream, client);
        subscription.SetObserver(observer);
        subscription.Position = token?.SequenceNumber ?? -1;
        _subscriptions[subscription.Handle] = subscription;
        try
        {
            await SubscribeOnAsync(connection, subscription, token?.SequenceNumber ?? -1);
        }
        catch
        {
            _subscriptions.TryRemove(subscription.Handle, out _);
            subscription.Stop();
            throw;
        }
        return new Handle<T>(this, subscription);
    }

    private async Task PublishAsync(string provider, StreamId stream, IReadOnlyList<byte[]> events)
    {
        var connection = client.CurrentConnection ?? await client.WaitForConnectionAsync(SubscribeRequest.MethodInfo, new GrainId("sys.stream", stream.ToString()));
        var call = new RemoteCall<Unit>(new Runtime.CallContext(new GrainId("sys.stream", stream.ToString()), SubscribeRequest.MethodInfo, null));
        var id = client.Invoker.NextId();
        await client.Invoker.SendRawAsync(connection, Frames.Publish(id, provider, stream, events), call);
    }

    private async Task UnsubscribeAsync(ClientSubscription subscription)
    {
        _subscriptions.TryRemove(subscription.Handle, out _);
        subscription.Stop();
        if (client.CurrentConnection is { } connection)
        {
            var call = new RemoteCall<Unit>(new Runtime.CallContext(new GrainId("sys.stream", subscription.Stream.ToString()), SubscribeRequest.MethodInfo, null));
            await client.Invoker.SendRawAsync(connection, Frames.Unsubscribe(client.Invoker.NextId(), subscription.Handle), call);
        }
    }

    private sealed class Provider(ClientStreams streams, string name) : IStreamProvider
    {
        public string Name => name;

        public bool IsRewindable => true;

        public IAsyncStream<T> GetStream<T>(StreamId streamId) => new Stream<T>(streams, name, streamId);
    }

    private sealed class Stream<T>(ClientStreams streams, string provider, StreamId id) : IAsyncStream<T>
    {
        public StreamId StreamId => id;

        public string ProviderName => provider;

        public bool IsRewindable => true;

        private Serialization.GrainSerializer Serializer => streams.Client.Serializer;

        public Task OnNextAsync(T item, StreamSequenceToken? token = null) =>
            streams.PublishAsync(provider, id, [StreamEvent.ForItem(item, Serializer).Stored]);

        public Task OnNextBatchAsync(IEnumerable<T> batch, StreamSequenceToken? token = null) =>
            streams.PublishAsync(provider, id, [.. batch.Select(item => StreamEvent.ForItem(item, Serializer).Stored)]);

        public Task OnCompletedAsync() => streams.PublishAsync(provider, id, [StreamEvent.ForCompleted().Stored]);

        public Task OnErrorAsync(Exception ex) => streams.PublishAsync(provider, id, [StreamEvent.ForError(ex, Serializer).Stored]);

        public Task<StreamSubscriptionHandle<T>> SubscribeAsync(IAsyncObserver<T> observer, StreamSequenceToken? token = null) =>
            streams.SubscribeAsync(provider, id, observer, token);

        public Task<IList<StreamSubscriptionHandle<T>>> GetAllSubscriptionHandles() =>
            Task.FromResult<IList<StreamSubscriptionHandle<T>>>([.. streams._subscriptions.Values
                .Where(s => s.Provider == provider && s.Stream == id)
                .Select(s => (StreamSubscriptionHandle<T>)new Handle<T>(streams, s))]);

        public bool Equals(IAsyncStream<T>? other) => other is not null && other.StreamId == id && other.ProviderName == provider;

        public override bool Equals(object? obj) => Equals(obj as IAsyncStream<T>);

        public override int GetHashCode() => HashCode.Combine(id, provider);
    }

    private sealed class Handle<T>(ClientStreams streams, ClientSubscription subscription) : StreamSubscriptionHandle<T>
    {
        public override Guid HandleId => subscription.Handle;

        public override StreamId StreamId => subscription.Stream;

        public override string ProviderName => subscription.Provider;

        public override Task UnsubscribeAsync() => streams.UnsubscribeAsync(subscription);

        public override async Task<StreamSubscriptionHandle<T>> ResumeAsync(IAsyncObserver<T> observer, StreamSequenceToken? token = null)
        {
            subscription.SetObserver(observer);
            if (token is not null && streams.Client.CurrentConnection is { } connection)
            {
                subscription.Position = token.SequenceNumber;
                await streams.SubscribeOnAsync(connection, subscription, token.SequenceNumber);
            }
            return this;
        }
    }

    // Identifies subscription frames in timeouts and errors.
    private sealed class SubscribeRequest(long id)
    {
        public static readonly GrainMethod MethodInfo = new(typeof(IStreamProvider), "Subscribe", 0, GrainMethodFlags.None, []);

        public long Id { get; } = id;
    }
}

/// <summary>One client subscription: events are handed to its observer one at a time, in order, skipping any it already handled.</summary>
internal sealed class ClientSubscription
{
    private readonly Channel<(long Sequence, byte[] Stored)> _events = Channel.CreateUnbounded<(long, byte[])>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ClusterClient _client;
    private Func<StreamEvent, Task>? _deliver;

    public ClientSubscription(Guid handle, string provider, StreamId stream, ClusterClient client)
    {
        Handle = handle;
        Provider = provider;
        Stream = stream;
        _client = client;
        _ = Task.Run(DeliverLoopAsync);
    }

    public Guid Handle { get; }

    public string Provider { get; }

    public StreamId Stream { get; }

    /// <summary>The sequence number of the last event handled (or where delivery started).</summary>
    public long Position { get; set; } = -1;

    public void SetObserver<T>(IAsyncObserver<T> observer)
    {
        var target = new ObserverTarget<T>(observer, _client.Serializer);
        _deliver = target.DeliverAsync;
    }

    public void Enqueue(long sequence, byte[] stored) => _events.Writer.TryWrite((sequence, stored));

    public void Stop() => _events.Writer.TryComplete();

    private async Task DeliverLoopAsync()
    {
        await foreach (var (sequence, stored) in _events.Reader.ReadAllAsync())
        {
            if (sequence <= Position)
            {
                continue;
            }
            try
            {
                await _deliver!(StreamEvent.FromStored(new StoredStreamEvent(sequence, stored, default)));
            }
            catch (Exception)
            {
                // An observer that throws does not stop the subscription; the event counts as handled.
            }
            Position = sequence;
        }
    }
}
