using System.Collections.Concurrent;
using System.Text.Json;
using JobRuntime.CodeGeneration;
using JobRuntime.Messaging;
using JobRuntime.Streams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JobRuntime.Gateway;

/// <summary>
/// One client connection on the silo side: after the handshake, requests run concurrently
/// (responses matched by id), cancellations reach the grain's token, stream subscriptions are fed
/// from pumps, and calls to the client's observers go out as requests of their own.
/// Bad input fails the call or closes this connection only.
/// </summary>
internal sealed partial class GatewayConnection
{
    private readonly SiloGateway _gateway;
    private readonly FrameConnection _connection;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<long, CancellationTokenSource> _cancellations = new();
    private readonly ConcurrentDictionary<long, ObserverCall> _observerCalls = new();
    private readonly ConcurrentDictionary<Guid, StreamState> _subscriptions = new();
    private long _nextObserverCall;

    public GatewayConnection(SiloGateway gateway, FrameConnection connection, ILogger logger)
    {
        _gateway = gateway;
        _connection = connection;
        _logger = logger;
    }

    public string? ClientId { get; private set; }

    private JsonSerializerOptions Json => _gateway.Runtime.Serializer.Options;

    public async Task RunAsync()
    {
        try
        {
            if (!await HandshakeAsync())
            {
                return;
            }
            while (await _connection.ReadAsync(_connection.Closed) is { } frame)
            {
                Dispatch(frame);
            }
        }
        catch (ProtocolException e)
        {
            LogProtocolError(_logger, _connection.RemoteEndPoint, e.Message);
            _connection.Close(e);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            _connection.Close(e);
        }
        finally
        {
            await CleanUpAsync();
        }
    }

    private async Task<bool> HandshakeAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_connection.Closed);
        timeout.CancelAfter(_gateway.Options.HandshakeTimeout);
        Frame? first;
        try
        {
            first = await _connection.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await RefuseAsync("timeout", $"No handshake within {_gateway.Options.HandshakeTimeout}.");
            return false;
        }
        if (first is not { Type: FrameType.Hello } hello)
        {
            await RefuseAsync("protocol", "The first frame must be a Hello.");
            return false;
        }
        Hello? request;
        try
        {
            request = JsonSerializer.Deserialize<Hello>(hello.Body, Json);
        }
        catch (JsonException e)
        {
            await RefuseAsync("protocol", $"The Hello frame is not valid JSON: {e.Message}");
            return false;
        }
        if (request is null || request.Version != Protocol.Version)
        {
            await RefuseAsync("version", $"This silo speaks gateway protocol version {Protocol.Version}; the client speaks version {request?.Version}. Use a client of the same JobRuntime release.");
            return false;
        }
        if (!_gateway.CheckKey(request.AccessKey))
        {
            // The key itself is never logged.
            LogRefusedKey(_logger, _connection.RemoteEndPoint, request.AccessKey is null ? "missing" : "wrong");
            await RefuseAsync("access-key", request.AccessKey is null ? "This silo requires an access key (JobRuntime:Client:AccessKey)." : "The access key is wrong.");
            return false;
        }
        if (string.IsNullOrEmpty(request.ClientId) || request.ClientId.Contains('.') || request.ClientId.Length > 64)
        {
            await RefuseAsync("protocol", "The client id must be 1 to 64 characters without '.'.");
            return false;
        }
        if (_gateway.IsStopping)
        {
            await RefuseAsync("stopping", "The silo is shutting down.");
            return false;
        }
        ClientId = request.ClientId;
        var manifest = _gateway.Runtime.Code.GrainClasses
            .Select(c => new GrainTypeEntry(c.GrainType, c.GrainClass.Name, c.GrainClass.FullName!, [.. c.Interfaces.Select(i => i.FullName!)]))
            .ToArray();
        await _connection.SendAsync(FrameWriter.JsonFrame(FrameType.Welcome, new Welcome(Protocol.Version, _gateway.SiloId, manifest), Json));
        _gateway.AddClient(this);
        return true;
    }

    private async Task RefuseAsync(string reason, string message)
    {
        await _connection.SendAsync(FrameWriter.JsonFrame(FrameType.Refused, new Refusal(reason, message), Json));
        await _connection.DrainAndCloseAsync();
    }

    private void Dispatch(Frame frame)
    {
        switch (frame.Type)
        {
            case FrameType.Request:
                _ = HandleRequestAsync(frame.Body);
                break;
            case FrameType.Response:
                CompleteObserverCall(frame.Body);
                break;
            case FrameType.Cancel:
                if (_cancellations.TryGetValue(Frames.ReadId(frame.Body), out var cancellation))
                {
                    cancellation.Cancel();
                }
                break;
            case FrameType.Subscribe:
                _ = SubscribeAsync(frame.Body);
                break;
            case FrameType.Unsubscribe:
                _ = UnsubscribeAsync(frame.Body);
                break;
            case FrameType.Publish:
                _ = PublishAsync(frame.Body);
                break;
            default:
                throw new ProtocolException($"A client may not send a {frame.Type} frame after the handshake.");
        }
    }

    private async Task HandleRequestAsync(byte[] body)
    {
        RequestHeader header;
        ReadOnlyMemory<byte> arguments;
        try
        {
            header = Frames.ReadRequest(body, out arguments);
        }
        catch (ProtocolException e)
        {
            LogProtocolError(_logger, _connection.RemoteEndPoint, e.Message);
            _connection.Close(e);
            return;
        }
        CancellationTokenSource? cancellation = null;
        try
        {
            if (_gateway.IsStopping)
            {
                throw new SiloUnavailableException($"The silo is shutting down: {header.Interface} method {header.Method} on {header.Target} was not run.");
            }
            var (reference, request) = Resolve(header, arguments.Span);
            if (header.Cancellable)
            {
                cancellation = new CancellationTokenSource();
                _cancellations[header.Id] = cancellation;
                request.CancellationToken = cancellation.Token;
            }
            if (header.OneWay)
            {
                _gateway.Runtime.Invoker.InvokeOneWay(reference, request);
                return;
            }
            var result = await request.SendUntypedAsync(_gateway.Runtime.Invoker, reference);
            await SendAsync(Frames.Success(header.Id, result, request.ResultType, Json));
        }
        catch (Exception e) when (!header.OneWay)
        {
            await SendAsync(Frames.Failure(header.Id, e is JsonException or NotSupportedException
                ? new GrainSerializationException($"The result of {header.Interface} method {header.Method} cannot be serialized: {e.Message}", e)
                : e));
        }
        catch (Exception e)
        {
            LogOneWayFailed(_logger, header.Interface, header.Target, e);
        }
        finally
        {
            if (cancellation is not null)
            {
                _cancellations.TryRemove(header.Id, out _);
                cancellation.Dispose();
            }
        }
    }

    private (GrainReference Reference, GrainRequest Request) Resolve(RequestHeader header, ReadOnlySpan<byte> arguments)
    {
        var runtime = _gateway.Runtime;
        var info = runtime.Code.FindInterface(header.Interface)
            ?? throw new GrainImplementationNotFoundException($"This silo does not know grain interface '{header.Interface}'.");
        if (header.Method < 0 || header.Method >= info.Methods.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(header), header.Method, $"{info.InterfaceType.Name} has no method number {header.Method} (it has {info.Methods.Length}).");
        }
        GrainId grainId;
        try
        {
            grainId = GrainId.Parse(header.Target);
        }
        catch (FormatException e)
        {
            throw new InvalidGrainKeyException(e.Message);
        }
        var grainClass = runtime.Code.GetClass(grainId.Type).GrainClass;
        if (!info.InterfaceType.IsAssignableFrom(grainClass))
        {
            throw new GrainImplementationNotFoundException($"Grain type '{grainId.Type}' ({grainClass.Name}) does not implement {info.InterfaceType.Name}.");
        }
        var request = info.CreateRequest[header.Method]();
        try
        {
            var reader = new Utf8JsonReader(arguments);
            reader.Read();
            request.ReadArguments(ref reader, Json);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or FormatException)
        {
            throw new GrainSerializationException($"The arguments of {info.Methods[header.Method]} could not be read: {e.Message}", e);
        }
        return (info.CreateProxy(runtime.Invoker, grainId), request);
    }

    private async Task SubscribeAsync(byte[] body)
    {
        long id = 0;
        try
        {
            var (requestId, handle, providerName, stream, from) = Frames.ReadSubscribe(body);
            id = requestId;
            var provider = _gateway.Runtime.Services.GetKeyedService<IStreamProvider>(providerName) as StreamProvider
                ?? throw new KeyNotFoundException($"This silo has no stream provider named '{providerName}'.");
            var state = provider.GetState(stream);
            await state.EnsureInitializedAsync();
            _subscriptions[handle] = state;
            var cursor = from >= 0 ? from : state.LastSequence;
            state.AddPump(handle, cursor, new ClientStreamTarget(this, handle), persistCursor: false);
            // The answer is where delivery starts, so the client can resume from there after a reconnect.
            await SendAsync(Frames.Success(id, cursor, typeof(long), Json));
        }
        catch (ProtocolException e)
        {
            _connection.Close(e);
        }
        catch (Exception e)
        {
            await SendAsync(Frames.Failure(id, e));
        }
    }

    private async Task UnsubscribeAsync(byte[] body)
    {
        var (id, handle) = Frames.ReadUnsubscribe(body);
        if (_subscriptions.TryRemove(handle, out var state))
        {
            await state.RemovePumpAsync(handle);
        }
        await SendAsync(Frames.Success(id, Unit.Value, typeof(Unit), Json));
    }

    private async Task PublishAsync(byte[] body)
    {
        long id = 0;
        try
        {
            var (requestId, providerName, stream, events) = Frames.ReadPublish(body);
            id = requestId;
            var provider = _gateway.Runtime.Services.GetKeyedService<IStreamProvider>(providerName) as StreamProvider
                ?? throw new KeyNotFoundException($"This silo has no stream provider named '{providerName}'.");
            await provider.GetState(stream).PublishAsync([.. events.Select(StreamEvent.FromWire)]);
            await SendAsync(Frames.Success(id, Unit.Value, typeof(Unit), Json));
        }
        catch (ProtocolException e)
        {
            _connection.Close(e);
        }
        catch (Exception e)
        {
            await SendAsync(Frames.Failure(id, e));
        }
    }

    /// <summary>Sends a stream event; waits when the client is slow, fails when it is gone.</summary>
    public ValueTask SendStreamEventAsync(Guid handle, StreamEvent streamEvent) =>
        _connection.SendAsync(Frames.StreamEvent(handle, streamEvent.Sequence, streamEvent.Stored));

    public ValueTask<T> CallObserverAsync<T>(GrainReference target, GrainRequest<T> request)
    {
        var id = Interlocked.Increment(ref _nextObserverCall);
        var call = new ObserverCall(request.ResultType);
        _observerCalls[id] = call;
        var frame = Frames.Request(new RequestHeader(id, false, false, target.GrainId.ToString(), request.Method.InterfaceType.FullName!, request.Method.Index), request, Json);
        return AwaitObserverAsync<T>(id, call, frame);
    }

    private async ValueTask<T> AwaitObserverAsync<T>(long id, ObserverCall call, byte[] frame)
    {
        try
        {
            await SendAsync(frame);
            var result = await call.Completion.Task.WaitAsync(_gateway.Runtime.Timeouts.Timeout);
            return (T)result!;
        }
        finally
        {
            _observerCalls.TryRemove(id, out _);
        }
    }

    public void CallObserverOneWay(GrainReference target, GrainRequest request)
    {
        var frame = Frames.Request(new RequestHeader(0, true, false, target.GrainId.ToString(), request.Method.InterfaceType.FullName!, request.Method.Index), request, Json);
        _ = SendAsync(frame).AsTask();
    }

    private void CompleteObserverCall(byte[] body)
    {
        var id = Frames.ReadResponse(body, out var failed, out var json);
        if (!_observerCalls.TryRemove(id, out var call))
        {
            return;
        }
        if (failed)
        {
            call.Completion.TrySetException(ExceptionCodec.Read(json.Span));
            return;
        }
        try
        {
            call.Completion.TrySetResult(JsonSerializer.Deserialize(json.Span, call.ResultType, Json));
        }
        catch (JsonException e)
        {
            call.Completion.TrySetException(new GrainSerializationException($"An observer's result could not be read: {e.Message}", e));
        }
    }

    private async ValueTask SendAsync(byte[] frame)
    {
        try
        {
            await _connection.SendAsync(frame);
        }
        catch (Exception e) when (e is ConnectionClosedException or ProtocolException)
        {
            // The client is gone or was cut off; its calls end with the connection.
        }
    }

    public async Task SendGoingAwayAsync() => await SendAsync(Frames.Empty(FrameType.GoingAway));

    public Task DrainAndCloseAsync() => _connection.DrainAndCloseAsync();

    public void Close(Exception reason) => _connection.Close(reason);

    private async Task CleanUpAsync()
    {
        foreach (var (handle, state) in _subscriptions)
        {
            await state.RemovePumpAsync(handle);
        }
        _subscriptions.Clear();
        foreach (var cancellation in _cancellations.Values)
        {
            cancellation.Cancel();
        }
        var gone = new ObserverNotFoundException($"Client {ClientId} disconnected.");
        foreach (var call in _observerCalls.Values)
        {
            call.Completion.TrySetException(gone);
        }
        await _connection.DisposeAsync();
    }

    private sealed class ObserverCall(Type resultType)
    {
        public Type ResultType { get; } = resultType;

        public TaskCompletionSource<object?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gateway client {EndPoint} broke the protocol and was disconnected: {Reason}")]
    private static partial void LogProtocolError(ILogger logger, string endPoint, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gateway client {EndPoint} was refused: {Which} access key")]
    private static partial void LogRefusedKey(ILogger logger, string endPoint, string which);

    [LoggerMessage(Level = LogLevel.Warning, Message = "One-way call {Interface} to {Target} from a client failed")]
    private static partial void LogOneWayFailed(ILogger logger, string @interface, string target, Exception error);
}

/// <summary>Feeds a client's stream subscription from a silo-side pump.</summary>
internal sealed class ClientStreamTarget(GatewayConnection connection, Guid handle) : IStreamDeliveryTarget
{
    public bool RetryForever => false;

    public Task DeliverAsync(StreamEvent streamEvent)
    {
        var pending = connection.SendStreamEventAsync(handle, streamEvent);
        return pending.IsCompletedSuccessfully ? Task.CompletedTask : pending.AsTask();
    }
}
