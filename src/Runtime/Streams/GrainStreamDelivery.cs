using System.Text.Json;
using JobRuntime.CodeGeneration;
using JobRuntime.Runtime;
using JobRuntime.Serialization;

namespace JobRuntime.Streams;

/// <summary>The runtime-internal interface through which stream events reach grains as turns.</summary>
internal interface IStreamConsumerGrain : IGrain;

/// <summary>A grain's observer for one subscription, typed by the items the grain asked for.</summary>
internal interface IGrainStreamConsumer
{
    Task DeliverAsync(StreamEvent streamEvent);
}

internal sealed class GrainStreamConsumer<T>(IAsyncObserver<T> observer, GrainSerializer serializer) : IGrainStreamConsumer
{
    private readonly ObserverTarget<T> _target = new(observer, serializer);

    public Task DeliverAsync(StreamEvent streamEvent) => _target.DeliverAsync(streamEvent);
}

/// <summary>A subscription whose grain has attached no observer (it must resume the handle, e.g. in OnActivateAsync).</summary>
internal sealed class StreamConsumerMissingException(string message) : JobRuntimeException(message);

/// <summary>Delivers events of one subscription to a grain through the ordinary call path, so each is a turn.</summary>
internal sealed class GrainTarget(SiloRuntime runtime, GrainId subscriber, string provider, StreamId stream, Guid handleId) : IStreamDeliveryTarget
{
    private readonly Proxy _reference = new(runtime.Invoker, subscriber);

    public bool RetryForever => true;

    public Task DeliverAsync(StreamEvent streamEvent)
    {
        var request = new StreamDeliveryRequest(provider, stream, handleId, streamEvent);
        var pending = runtime.Invoker.InvokeAsync(_reference, request);
        return pending.IsCompletedSuccessfully ? Task.CompletedTask : pending.AsTask();
    }

    private sealed class Proxy(IGrainCallInvoker invoker, GrainId grainId) : GrainReference(invoker, grainId), IStreamConsumerGrain
    {
        public override Type InterfaceType => typeof(IStreamConsumerGrain);
    }
}

/// <summary>The turn that hands one event to the grain's observer for a subscription.</summary>
internal sealed class StreamDeliveryRequest(string provider, StreamId stream, Guid handleId, StreamEvent streamEvent) : GrainRequest<Unit>
{
    private static readonly GrainMethod MethodInfo = new(typeof(IStreamConsumerGrain), "DeliverStreamEvent", 0, GrainMethodFlags.None, []);

    public override GrainMethod Method => MethodInfo;

    public override void CopyArguments(GrainCopier copier)
    {
        // Events are copied when the consumer deserializes them.
    }

    public override void WriteArguments(Utf8JsonWriter writer, JsonSerializerOptions options) =>
        throw new NotSupportedException("Stream deliveries do not cross process boundaries as grain calls.");

    public override void ReadArguments(ref Utf8JsonReader reader, JsonSerializerOptions options) =>
        throw new NotSupportedException("Stream deliveries do not cross process boundaries as grain calls.");

    public override ValueTask<Unit> InvokeAsync(object target)
    {
        var activation = (ActivationData)((IGrainBase)target).GrainContext;
        if (activation.StreamConsumers.TryGetValue(handleId, out var consumer))
        {
            var pending = consumer.DeliverAsync(streamEvent);
            return pending.IsCompletedSuccessfully ? default : Await(pending);
        }
        return DeliverAfterSubscribedAsync(target, activation);
    }

    private async ValueTask<Unit> DeliverAfterSubscribedAsync(object target, ActivationData activation)
    {
        if (target is IStreamSubscriptionObserver observer)
        {
            await observer.OnSubscribed(new HandleFactory(provider, stream, handleId, activation));
        }
        if (!activation.StreamConsumers.TryGetValue(handleId, out var consumer))
        {
            throw new StreamConsumerMissingException(
                $"Grain {activation.GrainId} has subscription {handleId} to stream {stream} of provider '{provider}' but attached no observer: resume it (GetAllSubscriptionHandles, ResumeAsync) in OnActivateAsync or implement IStreamSubscriptionObserver.");
        }
        await consumer.DeliverAsync(streamEvent);
        return default;
    }

    private static async ValueTask<Unit> Await(Task task)
    {
        await task;
        return default;
    }

    private sealed class HandleFactory(string provider, StreamId stream, Guid handleId, ActivationData activation) : IStreamSubscriptionHandleFactory
    {
        public StreamId StreamId => stream;

        public string ProviderName => provider;

        public StreamSubscriptionHandle<T> Create<T>()
        {
            var streams = (StreamProvider)activation.ActivationServices.GetStreamProvider(provider);
            return new GrainSubscriptionHandle<T>(streams, stream, handleId, activation.GrainId);
        }
    }
}
