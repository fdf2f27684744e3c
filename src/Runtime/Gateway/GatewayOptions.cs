namespace JobRuntime.Hosting;

/// <summary>The client gateway of a silo (configuration section <c>JobRuntime:Gateway</c>).</summary>
public sealed class GatewayOptions
{
    /// <summary>Whether the silo listens for clients. Default: true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The address to listen on. Default: 127.0.0.1 (loopback only).</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>The TCP port; 0 picks a free one (see <c>Gateway.Port</c>). Default: 30000.</summary>
    public int Port { get; set; } = 30000;

    /// <summary>
    /// The cluster's access key that clients must present. Default: none (any client on the
    /// listen address is accepted). The silo keeps only its SHA-256 hash; prefer
    /// <see cref="AccessKeySha256"/> in configuration files.
    /// </summary>
    public string? AccessKey { get; set; }

    /// <summary>The hex SHA-256 of the access key, instead of <see cref="AccessKey"/>.</summary>
    public string? AccessKeySha256 { get; set; }

    /// <summary>The largest frame accepted, in bytes. Default: 16 MiB.</summary>
    public int MaxFrameSize { get; set; } = 16 * 1024 * 1024;

    /// <summary>Frames queued to one client before sends wait. Default: 65,536.</summary>
    public int SendQueueLimit { get; set; } = 65_536;

    /// <summary>How long a send may wait on a full queue before the client is cut off as not reading. Default: 10 seconds.</summary>
    public TimeSpan SlowClientTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a new connection has to complete its handshake. Default: 10 seconds.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
