using JobRuntime.Streams;

namespace JobRuntime.Client;

/// <summary>
/// A connection to a silo that is an <see cref="IGrainFactory"/>: references, streams and
/// observers work as inside the silo. Connect explicitly, or let the host do it
/// (<c>UseJobRuntimeClient</c>); it reconnects by itself when the connection drops.
/// </summary>
public interface IClusterClient : IGrainFactory, IAsyncDisposable
{
    /// <summary>True while connected to the silo.</summary>
    bool IsConnected { get; }

    /// <summary>Connects and completes the handshake.</summary>
    /// <exception cref="GatewayRefusedException">The silo refused the client.</exception>
    /// <exception cref="SiloUnavailableException">No silo answered within the connect timeout.</exception>
    Task ConnectAsync(CancellationToken cancellationToken = default);

    /// <summary>Closes the connection; pending calls fail with <see cref="SiloUnavailableException"/>.</summary>
    Task CloseAsync();

    /// <summary>A stream provider of the silo, by name.</summary>
    IStreamProvider GetStreamProvider(string name);
}
