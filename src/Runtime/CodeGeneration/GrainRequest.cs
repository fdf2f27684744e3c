using System.Text.Json;
using JobRuntime.Serialization;

namespace JobRuntime.CodeGeneration;

/// <summary>
/// One call of a grain method: the arguments and how to invoke the method on a target. The
/// source generator emits a sealed subclass per interface method; proxies fill in a fresh one per
/// call, so the runtime may copy its arguments in place.
/// </summary>
public abstract class GrainRequest
{
    /// <summary>The method this request calls.</summary>
    public abstract GrainMethod Method { get; }

    /// <summary>The call's cancellation token (default when the method takes none).</summary>
    public CancellationToken CancellationToken { get; set; }

    /// <summary>Replaces every argument by a deep copy, so the grain never shares the caller's objects.</summary>
    public abstract void CopyArguments(GrainCopier copier);

    /// <summary>Writes the arguments as a JSON array (for calls that cross a process boundary).</summary>
    public abstract void WriteArguments(Utf8JsonWriter writer, JsonSerializerOptions options);

    /// <summary>Reads the arguments written by <see cref="WriteArguments"/>; the reader is on the array's start.</summary>
    public abstract void ReadArguments(ref Utf8JsonReader reader, JsonSerializerOptions options);

    /// <summary>Invokes the method and returns its result boxed (null for no result); used off the hot path.</summary>
    public abstract ValueTask<object?> InvokeUntypedAsync(object target);

    /// <summary>The type of the method's result (<see cref="Unit"/> when none).</summary>
    public abstract Type ResultType { get; }

    /// <summary>Sends this request through <paramref name="invoker"/> and boxes the result (for callers that do not know its type statically).</summary>
    public abstract ValueTask<object?> SendUntypedAsync(IGrainCallInvoker invoker, GrainReference target);

    /// <inheritdoc/>
    public override string ToString() => Method.ToString();
}

/// <summary>A grain request whose method returns <typeparamref name="TResult"/>.</summary>
public abstract class GrainRequest<TResult> : GrainRequest
{
    /// <summary>Invokes the method on <paramref name="target"/>.</summary>
    public abstract ValueTask<TResult> InvokeAsync(object target);

    /// <inheritdoc/>
    public override Type ResultType => typeof(TResult);

    /// <inheritdoc/>
    public override async ValueTask<object?> InvokeUntypedAsync(object target) => await InvokeAsync(target).ConfigureAwait(false);

    /// <inheritdoc/>
    public override async ValueTask<object?> SendUntypedAsync(IGrainCallInvoker invoker, GrainReference target) =>
        await invoker.InvokeAsync(target, this).ConfigureAwait(false);
}
