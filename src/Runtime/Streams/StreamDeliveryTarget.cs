using JobRuntime.Serialization;

namespace JobRuntime.Streams;

/// <summary>Where a subscription's events go: a local observer object, or a grain.</summary>
internal interface IStreamDeliveryTarget
{
    /// <summary>True when failed deliveries must be retried until they succeed (grains: no event is skipped).</summary>
    bool RetryForever { get; }

    Task DeliverAsync(StreamEvent streamEvent);
}

/// <summary>Hands events to an <see cref="IAsyncObserver{T}"/> of this process.</summary>
internal sealed class ObserverTarget<T>(IAsyncObserver<T> observer, GrainSerializer serializer) : IStreamDeliveryTarget
{
    public bool RetryForever => false;

    public Task DeliverAsync(StreamEvent streamEvent) => streamEvent.Kind switch
    {
        StreamEventKind.Item => observer.OnNextAsync(streamEvent.ReadItem<T>(serializer), streamEvent.Token),
        StreamEventKind.Error => observer.OnErrorAsync(streamEvent.ReadError(serializer)),
        _ => observer.OnCompletedAsync(),
    };
}
