using JobRuntime.Runtime;

namespace JobRuntime.Streams;

/// <summary>A typed view of a stream; cheap to create.</summary>
internal sealed class AsyncStream<T>(StreamProvider provider, StreamId streamId) : IAsyncStream<T>
{
    public StreamId StreamId => streamId;

    public string ProviderName => provider.Name;

    public bool IsRewindable => provider.IsRewindable;

    private StreamState State => provider.GetState(streamId);

    public Task OnNextAsync(T item, StreamSequenceToken? token = null) =>
        State.PublishAsync([StreamEvent.ForItem(item, provider.Runtime.Serializer)]);

    public Task OnNextBatchAsync(IEnumerable<T> batch, StreamSequenceToken? token = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var events = batch.Select(item => StreamEvent.ForItem(item, provider.Runtime.Serializer)).ToArray();
        return events.Length == 0 ? Task.CompletedTask : State.PublishAsync(events);
    }

    public Task OnCompletedAsync() => State.PublishAsync([StreamEvent.ForCompleted()]);

    public Task OnErrorAsync(Exception ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return State.PublishAsync([StreamEvent.ForError(ex, provider.Runtime.Serializer)]);
    }

    public async Task<StreamSubscriptionHandle<T>> SubscribeAsync(IAsyncObserver<T> observer, StreamSequenceToken? token = null)
    {
        ArgumentNullException.ThrowIfNull(observer);
        var state = State;
        await state.EnsureInitializedAsync();
        var cursor = token?.SequenceNumber ?? state.LastSequence;
        var activation = ActivationData.Current;
        if (activation is null)
        {
            var handleId = Guid.NewGuid();
            state.AddPump(handleId, cursor, new ObserverTarget<T>(observer, provider.Runtime.Serializer), persistCursor: false);
            return new LocalSubscriptionHandle<T>(provider, streamId, handleId);
        }
        // A grain subscribing to a stream it is implicitly subscribed to attaches to that subscription.
        Guid handle;
        if (activation.GrainClass.ImplicitStreamNamespaces.Contains(streamId.Namespace) && activation.GrainId.Key == streamId.Key)
        {
            handle = provider.ImplicitHandle(activation.GrainClass.GrainType, streamId);
        }
        else
        {
            handle = Guid.NewGuid();
            await provider.Subscriptions.UpsertAsync(new StreamSubscriptionRecord(provider.Name, streamId, handle, activation.GrainId, cursor, IsImplicit: false));
            provider.StartGrainPump(state, handle, activation.GrainId, cursor);
        }
        var subscription = new GrainSubscriptionHandle<T>(provider, streamId, handle, activation.GrainId);
        return await subscription.ResumeAsync(observer, token);
    }

    public async Task<IList<StreamSubscriptionHandle<T>>> GetAllSubscriptionHandles()
    {
        var activation = ActivationData.Current;
        if (activation is null)
        {
            return [.. State.Pumps.Where(p => !p.PersistCursor).Select(p => (StreamSubscriptionHandle<T>)new LocalSubscriptionHandle<T>(provider, streamId, p.HandleId))];
        }
        var records = await provider.Subscriptions.ReadBySubscriberAsync(provider.Name, activation.GrainId);
        return [.. records.Where(r => r.Stream == streamId).Select(r => (StreamSubscriptionHandle<T>)new GrainSubscriptionHandle<T>(provider, streamId, r.HandleId, activation.GrainId))];
    }

    public bool Equals(IAsyncStream<T>? other) => other is not null && other.StreamId == StreamId && other.ProviderName == ProviderName;

    public override bool Equals(object? obj) => Equals(obj as IAsyncStream<T>);

    public override int GetHashCode() => HashCode.Combine(StreamId, ProviderName);
}
