using System.Net.Sockets;
using System.Text.Json;
using JobRuntime.Messaging;

namespace JobRuntime.Client;

/// <summary>One live connection of the client: handshake, then a read loop that routes responses, observer calls and stream events.</summary>
internal sealed class ClientConnection
{
    private readonly ClusterClient _client;
    private readonly FrameConnection _connection;

    private ClientConnection(ClusterClient client, FrameConnection connection)
    {
        _client = client;
        _connection = connection;
    }

    /// <summary>True after the silo said it is going away: new calls wait for the next connection.</summary>
    public bool GoingAway { get; private set; }

    public CancellationToken Closed => _connection.Closed;

    public static async Task<ClientConnection> OpenAsync(ClusterClient client, CancellationToken cancellationToken)
    {
        var (host, port) = ParseEndPoint(client.Options.Gateway);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(host, port, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        var frames = new FrameConnection(socket, client.Options.MaxFrameSize, sendQueueLimit: 65_536, sendTimeout: client.Options.ResponseTimeout);
        var connection = new ClientConnection(client, frames);
        try
        {
            await frames.SendAsync(FrameWriter.JsonFrame(FrameType.Hello, new Hello(Protocol.Version, client.ClientId, client.Options.AccessKey), client.Json));
            var answer = await frames.ReadAsync(cancellationToken)
                ?? throw new SiloUnavailableException($"The silo at {client.Options.Gateway} closed the connection during the handshake.");
            switch (answer.Type)
            {
                case FrameType.Welcome:
                    var welcome = JsonSerializer.Deserialize<Welcome>(answer.Body, client.Json)!;
                    client.Resolver.Update(welcome.Manifest);
                    return connection;
                case FrameType.Refused:
                    var refusal = JsonSerializer.Deserialize<Refusal>(answer.Body, client.Json)!;
                    throw new GatewayRefusedException(refusal.Reason, $"The silo at {client.Options.Gateway} refused the client: {refusal.Message}");
                default:
                    throw new ProtocolException($"The silo answered the handshake with a {answer.Type} frame.");
            }
        }
        catch
        {
            await frames.DisposeAsync();
            throw;
        }
    }

    private static (string Host, int Port) ParseEndPoint(string endPoint)
    {
        var colon = endPoint.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(endPoint[(colon + 1)..], out var port) || port is < 1 or > 65535)
        {
            throw new ArgumentException($"JobRuntime:Client:Gateway must be 'host:port'; it is '{endPoint}'.");
        }
        return (endPoint[..colon], port);
    }

    public ValueTask SendAsync(byte[] frame) => _connection.SendAsync(frame);

    /// <summary>Completes, with the reason, when the connection ends (after <see cref="Start"/>).</summary>
    public Task<Exception?> Completion { get; private set; } = Task.FromResult<Exception?>(null);

    /// <summary>Starts reading frames.</summary>
    public void Start() => Completion = Task.Run(RunAsync);

    private async Task<Exception?> RunAsync()
    {
        try
        {
            while (await _connection.ReadAsync(_connection.Closed) is { } frame)
            {
                switch (frame.Type)
                {
                    case FrameType.Response:
                        _client.Invoker.OnResponse(frame.Body);
                        break;
                    case FrameType.Request:
                        _ = _client.HandleObserverCallAsync(this, frame.Body);
                        break;
                    case FrameType.StreamEvent:
                        _client.Streams.OnEvent(frame.Body);
                        break;
                    case FrameType.GoingAway:
                        GoingAway = true;
                        break;
                    default:
                        throw new ProtocolException($"The silo sent an unexpected {frame.Type} frame.");
                }
            }
            return _connection.CloseReason;
        }
        catch (Exception e)
        {
            return e;
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }

    public void Close() => _connection.Close();
}
