namespace JobRuntime.Streams;

/// <summary>Receives a stream's events, one call at a time, in order.</summary>
public interface IAsyncObserver<in T>
{
    /// <summary>An item, with its position in the stream.</summary>
    Task OnNextAsync(T item, StreamSequenceToken? token = null);

    /// <summary>The producer completed the stream.</summary>
    Task OnCompletedAsync();

    /// <summary>The producer reported an error.</summary>
    Task OnErrorAsync(Exception ex);
}

/// <summary>
/// Implemented by grains that want to be told of subscriptions they have no observer for (after
/// reactivation, or an implicit subscription): attach one with the handle's <c>ResumeAsync</c>.
/// </summary>
public interface IStreamSubscriptionObserver
{
    /// <summary>A subscription of this grain needs an observer.</summary>
    Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory);
}

/// <summary>Makes a typed handle for a subscription announced by <see cref="IStreamSubscriptionObserver"/>.</summary>
public interface IStreamSubscriptionHandleFactory
{
    /// <summary>The stream.</summary>
    StreamId StreamId { get; }

    /// <summary>The stream provider's name.</summary>
    string ProviderName { get; }

    /// <summary>The subscription's handle, for items of type <typeparamref name="T"/>.</summary>
    StreamSubscriptionHandle<T> Create<T>();
}
