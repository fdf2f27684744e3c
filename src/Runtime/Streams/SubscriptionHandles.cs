using JobRuntime.Runtime;

namespace JobRuntime.Streams;

/// <summary>A subscription of an observer object of this process; it ends with the process.</summary>
internal sealed class LocalSubscriptionHandle<T>(StreamProvider provider, StreamId streamId, Guid handleId) : StreamSubscriptionHandle<T>
{
    public override Guid HandleId => handleId;

    public override StreamId StreamId => streamId;

    public override string ProviderName => provider.Name;

    public override Task UnsubscribeAsync() => provider.GetState(streamId).RemovePumpAsync(handleId);

    public override Task<StreamSubscriptionHandle<T>> ResumeAsync(IAsyncObserver<T> observer, StreamSequenceToken? token = null)
    {
        ArgumentNullException.ThrowIfNull(observer);
        var state = provider.GetState(streamId);
        var target = new ObserverTarget<T>(observer, provider.Runtime.Serializer);
        var pump = state.GetPump(handleId);
        if (pump is null)
        {
            state.AddPump(handleId, token?.SequenceNumber ?? state.LastSequence, target, persistCursor: false);
        }
        else
        {
            pump.Target = target;
            if (token is not null)
            {
                pump.Reset(token.SequenceNumber);
            }
        }
        return Task.FromResult<StreamSubscriptionHandle<T>>(this);
    }
}

/// <summary>A grain's subscription: stored, so it outlives the activation and the silo process.</summary>
internal sealed class GrainSubscriptionHandle<T>(StreamProvider provider, StreamId streamId, Guid handleId, GrainId subscriber) : StreamSubscriptionHandle<T>
{
    public override Guid HandleId => handleId;

    public override StreamId StreamId => streamId;

    public override string ProviderName => provider.Name;

    public override async Task UnsubscribeAsync()
    {
        await provider.Subscriptions.RemoveAsync(provider.Name, handleId);
        await provider.GetState(streamId).RemovePumpAsync(handleId);
        if (ActivationData.Current is { } activation && activation.GrainId == subscriber)
        {
            activation.StreamConsumers.Remove(handleId);
        }
    }

    public override async Task<StreamSubscriptionHandle<T>> ResumeAsync(IAsyncObserver<T> observer, StreamSequenceToken? token = null)
    {
        ArgumentNullException.ThrowIfNull(observer);
        var activation = ActivationData.Current;
        if (activation is null || activation.GrainId != subscriber)
        {
            throw new InvalidOperationException($"Subscription {handleId} belongs to grain {subscriber}: resume it from that grain's code.");
        }
        activation.StreamConsumers[handleId] = new GrainStreamConsumer<T>(observer, provider.Runtime.Serializer);
        var state = provider.GetState(streamId);
        await state.EnsureInitializedAsync();
        var pump = state.GetPump(handleId);
        if (pump is null)
        {
            provider.StartGrainPump(state, handleId, subscriber, token?.SequenceNumber ?? state.LastSequence);
        }
        else if (token is not null)
        {
            pump.Reset(token.SequenceNumber);
        }
        return this;
    }
}
