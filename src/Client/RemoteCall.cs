using System.Text.Json;
using JobRuntime.Messaging;
using JobRuntime.Runtime;

namespace JobRuntime.Client;

/// <summary>A call waiting for its response from the silo.</summary>
internal abstract class RemoteCall(CallContext context) : ITimedCall
{
    public long Deadline { get; set; }

    public CallContext Context { get; } = context;

    public abstract void Complete(bool failed, ReadOnlySpan<byte> json, JsonSerializerOptions options);

    public abstract void Fail(Exception error);

    public void OnTimeout(TimeSpan timeout, CallContext stuckAt) =>
        Fail(new TimeoutException($"Response from {Context.Target} to {Context.Method} did not arrive within {timeout}."));
}

internal sealed class RemoteCall<T>(CallContext context) : RemoteCall(context)
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<T> Task => _completion.Task;

    public override void Complete(bool failed, ReadOnlySpan<byte> json, JsonSerializerOptions options)
    {
        if (failed)
        {
            _completion.TrySetException(ExceptionCodec.Read(json));
            return;
        }
        try
        {
            _completion.TrySetResult(JsonSerializer.Deserialize<T>(json, options)!);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            _completion.TrySetException(new GrainSerializationException($"The result of {Context.Target} {Context.Method} could not be read: {e.Message}", e));
        }
    }

    public override void Fail(Exception error) => _completion.TrySetException(error);
}
