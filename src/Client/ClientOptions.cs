namespace JobRuntime.Client;

/// <summary>Options of the cluster client (configuration section <c>JobRuntime:Client</c>).</summary>
public sealed class ClientOptions
{
    /// <summary>The silo gateway, <c>host:port</c>. Default: 127.0.0.1:30000.</summary>
    public string Gateway { get; set; } = "127.0.0.1:30000";

    /// <summary>The cluster's access key, when the silo requires one. Default: none. Never logged.</summary>
    public string? AccessKey { get; set; }

    /// <summary>How long a call waits for its response. Default: 30 seconds.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long ConnectAsync tries before it fails. Default: 10 seconds.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest pause between reconnection attempts (they start at 50 ms and double). Default: 5 seconds.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a call made while disconnected waits for the connection to come back; zero fails at once. Default: zero.</summary>
    public TimeSpan DisconnectedCallWait { get; set; } = TimeSpan.Zero;

    /// <summary>The largest frame accepted from the silo, in bytes. Default: 16 MiB.</summary>
    public int MaxFrameSize { get; set; } = 16 * 1024 * 1024;
}

/// <summary>The silo refused the client's handshake (wrong protocol version or access key).</summary>
public sealed class GatewayRefusedException(string reason, string message) : JobRuntimeException(message)
{
    /// <summary>"version", "access-key", "stopping" or "protocol".</summary>
    public string Reason { get; } = reason;
}
