using System.Collections.Concurrent;
using JobRuntime.CodeGeneration;
using JobRuntime.Messaging;
using JobRuntime.Observers;
using JobRuntime.Runtime;

namespace JobRuntime.Client;

/// <summary>
/// The client's call path: each call becomes a request frame with a fresh id; responses are
/// matched by id, so any number of calls are in flight on the one connection.
/// </summary>
internal sealed class RemoteGrainCallInvoker(ClusterClient client) : IGrainCallInvoker
{
    private readonly ConcurrentDictionary<long, RemoteCall> _pending = new();
    private long _nextId;

    public IGrainFactory GrainFactory => client;

    public int PendingCount => _pending.Count;

    /// <summary>A fresh request id (calls and stream frames share one sequence).</summary>
    public long NextId() => Interlocked.Increment(ref _nextId);

    public ValueTask<TResult> InvokeAsync<TResult>(GrainReference target, GrainRequest<TResult> request)
    {
        if (target.GrainId.Type == ObserverRegistry.GrainType && client.Observers.TryGet(target.GrainId, out _))
        {
            // An observer of this very client: call it directly.
            return client.Observers.InvokeAsync(target, request);
        }
        var connection = client.CurrentConnection;
        if (connection is null)
        {
            return InvokeWhenConnectedAsync(target, request);
        }
        return Send(connection, target, request);
    }

    private async ValueTask<TResult> InvokeWhenConnectedAsync<TResult>(GrainReference target, GrainRequest<TResult> request)
    {
        var connection = await client.WaitForConnectionAsync(request.Method, target.GrainId);
        return await Send(connection, target, request);
    }

    private ValueTask<TResult> Send<TResult>(ClientConnection connection, GrainReference target, GrainRequest<TResult> request)
    {
        var id = NextId();
        var call = new RemoteCall<TResult>(new CallContext(target.GrainId, request.Method, null));
        _pending[id] = call;
        client.Timeouts.Add(call);
        var cancellable = request.CancellationToken.CanBeCanceled;
        byte[] frame;
        try
        {
            frame = Frames.Request(new RequestHeader(id, false, cancellable, target.GrainId.ToString(), request.Method.InterfaceType.FullName!, request.Method.Index), request, client.Json);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or NotSupportedException or InvalidOperationException)
        {
            Forget(id, call);
            return ValueTask.FromException<TResult>(new GrainSerializationException($"Call to {target.GrainId}: the arguments of {request.Method} cannot be serialized: {e.Message}", e));
        }
        if (cancellable)
        {
            var registration = request.CancellationToken.Register(() => _ = connection.SendAsync(Frames.Cancel(id)).AsTask());
            _ = call.Task.ContinueWith(static (_, r) => ((CancellationTokenRegistration)r!).Dispose(), registration, TaskScheduler.Default);
        }
        var sent = connection.SendAsync(frame);
        if (!sent.IsCompletedSuccessfully)
        {
            _ = ObserveSendAsync(sent, id, call);
        }
        return new ValueTask<TResult>(call.Task);
    }

    private async Task ObserveSendAsync(ValueTask sent, long id, RemoteCall call)
    {
        try
        {
            await sent;
        }
        catch (Exception e)
        {
            Forget(id, call);
            call.Fail(new SiloUnavailableException($"The call could not be sent: {e.Message}"));
        }
    }

    private void Forget(long id, RemoteCall call)
    {
        _pending.TryRemove(id, out _);
        client.Timeouts.Remove(call);
    }

    public void InvokeOneWay(GrainReference target, GrainRequest request)
    {
        if (target.GrainId.Type == ObserverRegistry.GrainType && client.Observers.TryGet(target.GrainId, out _))
        {
            client.Observers.InvokeOneWay(target, request, _ => { });
            return;
        }
        var connection = client.CurrentConnection
            ?? throw new SiloUnavailableException($"Not connected to the silo: one-way call {request.Method} to {target.GrainId} was not sent.");
        var frame = Frames.Request(new RequestHeader(0, true, false, target.GrainId.ToString(), request.Method.InterfaceType.FullName!, request.Method.Index), request, client.Json);
        _ = connection.SendAsync(frame).AsTask();
    }

    /// <summary>Sends a frame that carries its own id (stream frames) and waits for its response.</summary>
    public async Task<T> SendRawAsync<T>(ClientConnection connection, byte[] frame, RemoteCall<T> call)
    {
        var id = Frames.ReadId(frame.AsSpan(Protocol.LengthSize + 1).ToArray());
        _pending[id] = call;
        client.Timeouts.Add(call);
        try
        {
            await connection.SendAsync(frame);
        }
        catch (Exception e)
        {
            Forget(id, call);
            throw new SiloUnavailableException($"Not connected to the silo: {e.Message}");
        }
        return await call.Task;
    }

    public void OnResponse(byte[] body)
    {
        var id = Frames.ReadResponse(body, out var failed, out var json);
        if (_pending.TryRemove(id, out var call))
        {
            client.Timeouts.Remove(call);
            call.Complete(failed, json.Span, client.Json);
        }
    }

    /// <summary>Fails every pending call (the connection is gone).</summary>
    public void FailAll(Exception error)
    {
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var call))
            {
                client.Timeouts.Remove(call);
                call.Fail(error);
            }
        }
    }
}
