namespace JobRuntime.CodeGeneration;

/// <summary>
/// The base of every generated proxy: a grain id, the interface it is seen through, and the
/// invoker that carries its calls. References are immutable and compare by grain id.
/// </summary>
public abstract class GrainReference : IAddressable, IEquatable<GrainReference>
{
    /// <summary>Generated proxies call this.</summary>
    protected GrainReference(IGrainCallInvoker invoker, GrainId grainId)
    {
        Invoker = invoker;
        GrainId = grainId;
    }

    /// <summary>The grain (or observer) this reference addresses.</summary>
    public GrainId GrainId { get; }

    /// <summary>The interface the proxy implements.</summary>
    public abstract Type InterfaceType { get; }

    /// <summary>The invoker carrying this reference's calls.</summary>
    public IGrainCallInvoker Invoker { get; }

    /// <summary>The invoker's private cache of where this grain lives (an activation in a silo).</summary>
    internal object? CachedTarget;

    /// <summary>Calls a method returning <c>Task&lt;T&gt;</c>.</summary>
    protected Task<T> InvokeTaskAsync<T>(GrainRequest<T> request)
    {
        var pending = Invoker.InvokeAsync(this, request);
        return pending.IsCompletedSuccessfully ? Task.FromResult(pending.Result) : pending.AsTask();
    }

    /// <summary>Calls a method returning <c>Task</c>.</summary>
    protected Task InvokeTaskAsync(GrainRequest<Unit> request)
    {
        var pending = Invoker.InvokeAsync(this, request);
        return pending.IsCompletedSuccessfully ? Task.CompletedTask : pending.AsTask();
    }

    /// <summary>Calls a method returning <c>ValueTask&lt;T&gt;</c>.</summary>
    protected ValueTask<T> InvokeValueTaskAsync<T>(GrainRequest<T> request) => Invoker.InvokeAsync(this, request);

    /// <summary>Calls a method returning <c>ValueTask</c>.</summary>
    protected ValueTask InvokeValueTaskAsync(GrainRequest<Unit> request)
    {
        var pending = Invoker.InvokeAsync(this, request);
        return pending.IsCompletedSuccessfully ? default : new ValueTask(pending.AsTask());
    }

    /// <summary>Calls a one-way method.</summary>
    protected void InvokeOneWay(GrainRequest request) => Invoker.InvokeOneWay(this, request);

    /// <inheritdoc/>
    public bool Equals(GrainReference? other) => other is not null && GrainId.Equals(other.GrainId);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as GrainReference);

    /// <inheritdoc/>
    public override int GetHashCode() => GrainId.GetHashCode();

    /// <inheritdoc/>
    public override string ToString() => $"{InterfaceType.Name}:{GrainId}";
}
