namespace JobRuntime.Streams;

/// <summary>A stream: produce into it and subscribe to it.</summary>
public interface IAsyncStream<T> : IEquatable<IAsyncStream<T>>
{
    /// <summary>The stream's id.</summary>
    StreamId StreamId { get; }

    /// <summary>The provider's name.</summary>
    string ProviderName { get; }

    /// <summary>True when subscribers can resume from an earlier token (durable providers).</summary>
    bool IsRewindable { get; }

    /// <summary>Publishes an item. With a durable provider the item is stored when this returns.</summary>
    Task OnNextAsync(T item, StreamSequenceToken? token = null);

    /// <summary>Publishes items in order, atomically with a durable provider.</summary>
    Task OnNextBatchAsync(IEnumerable<T> batch, StreamSequenceToken? token = null);

    /// <summary>Tells subscribers the stream is complete.</summary>
    Task OnCompletedAsync();

    /// <summary>Tells subscribers of an error.</summary>
    Task OnErrorAsync(Exception ex);

    /// <summary>
    /// Subscribes <paramref name="observer"/>. From grain code the subscription belongs to the grain
    /// and survives its deactivation and silo restarts (resume it with the handle); elsewhere it
    /// lasts until unsubscribed. With <paramref name="token"/>, delivery starts after that position.
    /// </summary>
    Task<StreamSubscriptionHandle<T>> SubscribeAsync(IAsyncObserver<T> observer, StreamSequenceToken? token = null);

    /// <summary>The caller's subscriptions to this stream (the grain's, when called from grain code).</summary>
    Task<IList<StreamSubscriptionHandle<T>>> GetAllSubscriptionHandles();
}

/// <summary>A named stream provider.</summary>
public interface IStreamProvider
{
    /// <summary>The provider's name.</summary>
    string Name { get; }

    /// <summary>True when subscribers can resume from an earlier token.</summary>
    bool IsRewindable { get; }

    /// <summary>The stream with the given id.</summary>
    IAsyncStream<T> GetStream<T>(StreamId streamId);
}

/// <summary>A subscription: unsubscribe it, or resume it with a (new) observer.</summary>
public abstract class StreamSubscriptionHandle<T> : IEquatable<StreamSubscriptionHandle<T>>
{
    /// <summary>The subscription's id.</summary>
    public abstract Guid HandleId { get; }

    /// <summary>The stream.</summary>
    public abstract StreamId StreamId { get; }

    /// <summary>The provider's name.</summary>
    public abstract string ProviderName { get; }

    /// <summary>Ends the subscription.</summary>
    public abstract Task UnsubscribeAsync();

    /// <summary>Attaches <paramref name="observer"/>; with <paramref name="token"/>, delivery restarts after that position.</summary>
    public abstract Task<StreamSubscriptionHandle<T>> ResumeAsync(IAsyncObserver<T> observer, StreamSequenceToken? token = null);

    /// <inheritdoc/>
    public bool Equals(StreamSubscriptionHandle<T>? other) => other is not null && other.HandleId == HandleId;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as StreamSubscriptionHandle<T>);

    /// <inheritdoc/>
    public override int GetHashCode() => HandleId.GetHashCode();
}
