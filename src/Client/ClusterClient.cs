using System.Text.Json;
using JobRuntime.CodeGeneration;
using JobRuntime.Messaging;
using JobRuntime.Observers;
using JobRuntime.Runtime;
using JobRuntime.Serialization;
using JobRuntime.Streams;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JobRuntime.Client;

/// <summary>
/// The cluster client: the same generated proxies as in the silo, over one multiplexed
/// connection. When the connection drops, pending calls fail with
/// <see cref="SiloUnavailableException"/>, and the client reconnects with backoff, resumes its
/// stream subscriptions after the last event it handled, and keeps its observers reachable
/// (their ids carry the client id, which survives reconnects).
/// </summary>
public sealed partial class ClusterClient : IClusterClient
{
    private readonly GrainFactory _factory;
    private readonly ILogger _logger;
    private readonly object _lock = new();
    private readonly CancellationTokenSource _disposed = new();
    private TaskCompletionSource<ClientConnection> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ClientConnection? _connection;
    private Task _supervisor = Task.CompletedTask;
    private bool _started;
    private Exception? _lastError;

    /// <summary>Creates a client; nothing connects until <see cref="ConnectAsync"/>.</summary>
    public ClusterClient(ClientOptions options, ILogger<ClusterClient>? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        ClientId = Guid.NewGuid().ToString("N");
        var code = new GrainCodeCatalog();
        Serializer = new GrainSerializer(() => this);
        Observers = new ObserverRegistry(Serializer.Copier, ClientId + ".");
        Resolver = new ManifestResolver();
        Timeouts = new ResponseTimeouts(options.ResponseTimeout, time ?? TimeProvider.System);
        Code = code;
        Invoker = new RemoteGrainCallInvoker(this);
        _factory = new GrainFactory(code, Resolver, Observers) { Invoker = Invoker };
        Streams = new ClientStreams(this);
    }

    /// <summary>The options.</summary>
    public ClientOptions Options { get; }

    /// <summary>This client's id (observer references carry it).</summary>
    public string ClientId { get; }

    /// <inheritdoc/>
    public bool IsConnected => _connection is { GoingAway: false };

    /// <summary>How many times the client has connected (1 after ConnectAsync, more after each reconnect).</summary>
    public long Connections => Interlocked.Read(ref _connections);

    private long _connections;

    internal GrainSerializer Serializer { get; }

    internal JsonSerializerOptions Json => Serializer.Options;

    internal ObserverRegistry Observers { get; }

    internal ManifestResolver Resolver { get; }

    internal ResponseTimeouts Timeouts { get; }

    internal GrainCodeCatalog Code { get; }

    internal RemoteGrainCallInvoker Invoker { get; }

    internal ClientStreams Streams { get; }

    internal ClientConnection? CurrentConnection => _connection is { GoingAway: false } connection ? connection : null;

    /// <inheritdoc/>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
            if (_started)
            {
                return;
            }
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        timeout.CancelAfter(Options.ConnectTimeout);
        ClientConnection connection;
        try
        {
            connection = await ClientConnection.OpenAsync(this, timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or System.Net.Sockets.SocketException or IOException && !cancellationToken.IsCancellationRequested)
        {
            throw new SiloUnavailableException($"No silo answered at {Options.Gateway} within {Options.ConnectTimeout}: {e.Message}");
        }
        connection.Start();
        Interlocked.Increment(ref _connections);
        lock (_lock)
        {
            _started = true;
            _connection = connection;
            _connected.TrySetResult(connection);
        }
        _supervisor = Task.Run(() => SuperviseAsync(connection));
    }

    // Runs a connection until it ends, then reconnects with backoff until the client is closed.
    private async Task SuperviseAsync(ClientConnection connection)
    {
        while (true)
        {
            var reason = await connection.Completion;
            lock (_lock)
            {
                _connection = null;
                if (_connected.Task.IsCompleted)
                {
                    _connected = new TaskCompletionSource<ClientConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }
            _lastError = reason;
            Invoker.FailAll(new SiloUnavailableException($"The connection to the silo at {Options.Gateway} was lost{(reason is null ? "" : $": {reason.Message}")}; the call may or may not have run."));
            if (_disposed.IsCancellationRequested)
            {
                return;
            }
            LogDisconnected(_logger, Options.Gateway, reason?.Message ?? "closed by the silo");
            var next = await ReconnectAsync();
            if (next is null)
            {
                return;
            }
            connection = next;
        }
    }

    private async Task<ClientConnection?> ReconnectAsync()
    {
        var delay = TimeSpan.FromMilliseconds(50);
        while (!_disposed.IsCancellationRequested)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_disposed.Token);
                timeout.CancelAfter(Options.ConnectTimeout);
                var connection = await ClientConnection.OpenAsync(this, timeout.Token);
                connection.Start();
                // Subscriptions resume before calls flow again, so no event slips between.
                await Streams.ResubscribeAsync(connection);
                lock (_lock)
                {
                    _connection = connection;
                    _connected.TrySetResult(connection);
                }
                Interlocked.Increment(ref _connections);
                LogReconnected(_logger, Options.Gateway);
                return connection;
            }
            catch (Exception e)
            {
                if (_disposed.IsCancellationRequested)
                {
                    return null;
                }
                _lastError = e;
            }
            try
            {
                await Task.Delay(delay, _disposed.Token);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, Options.MaxReconnectDelay.Ticks));
        }
        return null;
    }

    internal async Task<ClientConnection> WaitForConnectionAsync(GrainMethod method, GrainId target)
    {
        var deadline = DateTime.UtcNow + Options.DisconnectedCallWait;
        while (true)
        {
            Task<ClientConnection> connected;
            lock (_lock)
            {
                connected = _connected.Task;
            }
            if (connected.IsCompletedSuccessfully && connected.Result is { GoingAway: false } ready && !ready.Closed.IsCancellationRequested)
            {
                return ready;
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || _disposed.IsCancellationRequested)
            {
                throw new SiloUnavailableException($"Not connected to the silo at {Options.Gateway}: call {method} to {target} was not sent{(_lastError is null ? "" : $" (last error: {_lastError.Message})")}.");
            }
            // The connection is being replaced (the silo is going away, or it just dropped): wait
            // for the next one, checking again shortly in case this one was already spent.
            await Task.WhenAny(connected.IsCompleted ? Task.Delay(20) : connected, Task.Delay(left));
        }
    }

    internal async Task HandleObserverCallAsync(ClientConnection connection, byte[] body)
    {
        RequestHeader header;
        ReadOnlyMemory<byte> arguments;
        try
        {
            header = Frames.ReadRequest(body, out arguments);
        }
        catch (ProtocolException)
        {
            connection.Close();
            return;
        }
        try
        {
            var info = Code.FindInterface(header.Interface)
                ?? throw new InvalidOperationException($"This client does not know observer interface '{header.Interface}'.");
            if (header.Method < 0 || header.Method >= info.Methods.Length)
            {
                throw new InvalidOperationException($"{info.InterfaceType.Name} has no method number {header.Method}.");
            }
            var id = GrainId.Parse(header.Target);
            if (!Observers.TryGet(id, out var observer))
            {
                throw new ObserverNotFoundException($"Observer {id} was deleted.");
            }
            var request = info.CreateRequest[header.Method]();
            var reader = new Utf8JsonReader(arguments.Span);
            reader.Read();
            request.ReadArguments(ref reader, Json);
            var result = await request.InvokeUntypedAsync(observer);
            if (!header.OneWay)
            {
                await connection.SendAsync(Frames.Success(header.Id, result, request.ResultType, Json));
            }
        }
        catch (Exception e) when (!header.OneWay)
        {
            await connection.SendAsync(Frames.Failure(header.Id, e));
        }
        catch (Exception e)
        {
            LogObserverFailed(_logger, header.Target, e);
        }
    }

    /// <inheritdoc/>
    public IStreamProvider GetStreamProvider(string name) => Streams.GetProvider(name);

    /// <inheritdoc/>
    public async Task CloseAsync()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }
        _disposed.Cancel();
        _connection?.Close();
        await _supervisor;
        Invoker.FailAll(new SiloUnavailableException("The client was closed."));
        Timeouts.Dispose();
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync() => await CloseAsync();

    /// <inheritdoc/>
    public TGrainInterface GetGrain<TGrainInterface>(string key, string? grainClassNamePrefix = null) where TGrainInterface : IGrainWithStringKey => _factory.GetGrain<TGrainInterface>(key, grainClassNamePrefix);

    /// <inheritdoc/>
    public TGrainInterface GetGrain<TGrainInterface>(Guid key, string? grainClassNamePrefix = null) where TGrainInterface : IGrainWithGuidKey => _factory.GetGrain<TGrainInterface>(key, grainClassNamePrefix);

    /// <inheritdoc/>
    public TGrainInterface GetGrain<TGrainInterface>(long key, string? grainClassNamePrefix = null) where TGrainInterface : IGrainWithIntegerKey => _factory.GetGrain<TGrainInterface>(key, grainClassNamePrefix);

    /// <inheritdoc/>
    public IGrain GetGrain(Type grainInterfaceType, object key, string? grainClassNamePrefix = null) => _factory.GetGrain(grainInterfaceType, key, grainClassNamePrefix);

    /// <inheritdoc/>
    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId) where TGrainInterface : IAddressable => _factory.GetGrain<TGrainInterface>(grainId);

    /// <inheritdoc/>
    public T CreateObjectReference<T>(IGrainObserver observer) where T : IGrainObserver => _factory.CreateObjectReference<T>(observer);

    /// <inheritdoc/>
    public void DeleteObjectReference<T>(IGrainObserver reference) where T : IGrainObserver => _factory.DeleteObjectReference<T>(reference);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the connection to the silo at {Gateway}: {Reason}; reconnecting")]
    private static partial void LogDisconnected(ILogger logger, string gateway, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconnected to the silo at {Gateway}")]
    private static partial void LogReconnected(ILogger logger, string gateway);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A one-way call to observer {Observer} failed")]
    private static partial void LogObserverFailed(ILogger logger, string observer, Exception error);
}
