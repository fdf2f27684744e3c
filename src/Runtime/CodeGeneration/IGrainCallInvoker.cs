namespace JobRuntime.CodeGeneration;

/// <summary>
/// Sends grain requests: inside a silo to local activations, in a client over the gateway
/// connection. Generated proxies call it through <see cref="GrainReference"/>.
/// </summary>
public interface IGrainCallInvoker
{
    /// <summary>Sends <paramref name="request"/> to <paramref name="target"/> and returns its result.</summary>
    ValueTask<TResult> InvokeAsync<TResult>(GrainReference target, GrainRequest<TResult> request);

    /// <summary>Sends <paramref name="request"/> without waiting for, or ever seeing, its outcome.</summary>
    void InvokeOneWay(GrainReference target, GrainRequest request);

    /// <summary>The factory that made references through this invoker.</summary>
    IGrainFactory GrainFactory { get; }
}
