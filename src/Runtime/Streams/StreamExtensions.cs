using JobRuntime.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace JobRuntime.Streams;

/// <summary>Finding stream providers, and subscribing with delegates.</summary>
public static class StreamExtensions
{
    /// <summary>The stream provider named <paramref name="name"/>, from grain code.</summary>
    public static IStreamProvider GetStreamProvider(this IGrainBase grain, string name) =>
        grain.GrainContext.ActivationServices.GetStreamProvider(name);

    /// <summary>The stream provider named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No provider has that name.</exception>
    public static IStreamProvider GetStreamProvider(this IServiceProvider services, string name) =>
        services.GetKeyedService<IStreamProvider>(name)
        ?? throw new KeyNotFoundException($"No stream provider named '{name}' is registered: add it with AddMemoryStreams or AddSqliteStreams on the silo builder.");

    /// <summary>Subscribes with delegates.</summary>
    public static Task<StreamSubscriptionHandle<T>> SubscribeAsync<T>(
        this IAsyncStream<T> stream,
        Func<T, StreamSequenceToken?, Task> onNext,
        Func<Exception, Task>? onError = null,
        Func<Task>? onCompleted = null,
        StreamSequenceToken? token = null) =>
        stream.SubscribeAsync(new DelegateObserver<T>(onNext, onError, onCompleted), token);

    /// <summary>Resumes a subscription with delegates.</summary>
    public static Task<StreamSubscriptionHandle<T>> ResumeAsync<T>(
        this StreamSubscriptionHandle<T> handle,
        Func<T, StreamSequenceToken?, Task> onNext,
        Func<Exception, Task>? onError = null,
        Func<Task>? onCompleted = null,
        StreamSequenceToken? token = null) =>
        handle.ResumeAsync(new DelegateObserver<T>(onNext, onError, onCompleted), token);

    private sealed class DelegateObserver<T>(Func<T, StreamSequenceToken?, Task> onNext, Func<Exception, Task>? onError, Func<Task>? onCompleted) : IAsyncObserver<T>
    {
        public Task OnNextAsync(T item, StreamSequenceToken? token = null) => onNext(item, token);

        public Task OnCompletedAsync() => onCompleted?.Invoke() ?? Task.CompletedTask;

        public Task OnErrorAsync(Exception ex) => onError?.Invoke(ex) ?? Task.CompletedTask;
    }
}
