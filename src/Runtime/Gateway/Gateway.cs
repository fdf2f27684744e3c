using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using JobRuntime.CodeGeneration;
using JobRuntime.Hosting;
using JobRuntime.Messaging;
using JobRuntime.Observers;
using JobRuntime.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobRuntime.Gateway;

/// <summary>
/// The silo's client gateway: accepts TCP connections on the configured loopback endpoint, runs
/// the handshake (protocol version, access key) and serves each client on its own connection.
/// It also routes calls to observers that clients created.
/// </summary>
internal sealed partial class SiloGateway : ISiloLifecycleParticipant, IObserverRouter
{
    private readonly ConcurrentDictionary<string, GatewayConnection> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<GatewayConnection, byte> _connections = new();
    private readonly ILogger _logger;
    private readonly byte[]? _accessKeyHash;
    private TcpListener? _listener;
    private Task _acceptLoop = Task.CompletedTask;

    public SiloGateway(SiloRuntime runtime, IOptions<GatewayOptions> options, ILogger<SiloGateway> logger)
    {
        Runtime = runtime;
        Options = options.Value;
        _logger = logger;
        _accessKeyHash = Options.AccessKeySha256 is { Length: > 0 } hex ? Convert.FromHexString(hex)
            : Options.AccessKey is { Length: > 0 } key ? SHA256.HashData(Encoding.UTF8.GetBytes(key))
            : null;
        Options.AccessKey = null;
        SiloId = Guid.NewGuid().ToString("N");
    }

    public SiloRuntime Runtime { get; }

    public GatewayOptions Options { get; }

    public string SiloId { get; }

    /// <summary>The port the gateway listens on (useful when configured as 0).</summary>
    public int Port { get; private set; }

    /// <summary>True once the silo began stopping: new requests are refused with <see cref="SiloUnavailableException"/>.</summary>
    public bool IsStopping { get; private set; }

    public bool RequiresKey => _accessKeyHash is not null;

    public bool CheckKey(string? key) =>
        _accessKeyHash is null
        || (key is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(key)), _accessKeyHash));

    public Task OnStartAsync(CancellationToken cancellationToken)
    {
        if (!Options.Enabled)
        {
            return Task.CompletedTask;
        }
        Runtime.Observers.Router = this;
        _listener = new TcpListener(IPAddress.Parse(Options.ListenAddress), Options.Port);
        _listener.Start(backlog: 512);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        LogListening(_logger, Options.ListenAddress, Port);
        _acceptLoop = Task.Run(AcceptLoopAsync);
        return Task.CompletedTask;
    }

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await _listener!.AcceptSocketAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            var connection = new GatewayConnection(this, new FrameConnection(socket, Options.MaxFrameSize, Options.SendQueueLimit, Options.SlowClientTimeout), _logger);
            _connections[connection] = 0;
            _ = ServeAsync(connection);
        }
    }

    private async Task ServeAsync(GatewayConnection connection)
    {
        try
        {
            await connection.RunAsync();
        }
        finally
        {
            _connections.TryRemove(connection, out _);
            if (connection.ClientId is { } id)
            {
                _clients.TryRemove(new KeyValuePair<string, GatewayConnection>(id, connection));
            }
        }
    }

    /// <summary>Registers a client that completed its handshake; a reconnecting client replaces its old connection.</summary>
    public void AddClient(GatewayConnection connection)
    {
        _clients.AddOrUpdate(connection.ClientId!, connection, (_, old) =>
        {
            old.Close(new ConnectionClosedException("The client connected again."));
            return connection;
        });
    }

    public async Task OnStoppingAsync(CancellationToken cancellationToken)
    {
        IsStopping = true;
        _listener?.Stop();
        foreach (var connection in _connections.Keys)
        {
            await connection.SendGoingAwayAsync();
        }
    }

    public Task OnStartingStopAsync() => Task.CompletedTask;

    public async Task OnStopAsync(CancellationToken cancellationToken)
    {
        IsStopping = true;
        _listener?.Stop();
        await _acceptLoop;
        await Task.WhenAll(_connections.Keys.Select(c => c.DrainAndCloseAsync()));
    }

    // Client observers have keys "<client id>.<guid>"; the client's connection carries the call.
    private GatewayConnection? FindClient(GrainReference target)
    {
        var key = target.GrainId.Key;
        var dot = key.IndexOf('.');
        return dot > 0 && _clients.TryGetValue(key[..dot], out var connection) ? connection : null;
    }

    public bool TryRoute<T>(GrainReference target, GrainRequest<T> request, out ValueTask<T> result)
    {
        var connection = FindClient(target);
        if (connection is null)
        {
            result = default;
            return false;
        }
        result = connection.CallObserverAsync(target, request);
        return true;
    }

    public bool TryRouteOneWay(GrainReference target, GrainRequest request)
    {
        var connection = FindClient(target);
        if (connection is null)
        {
            return false;
        }
        connection.CallObserverOneWay(target, request);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway listening on {Address}:{Port}")]
    private static partial void LogListening(ILogger logger, string address, int port);
}
