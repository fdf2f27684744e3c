using System.Net;
using System.Net.Sockets;

namespace JobRuntime.Jobs.Tests;

internal static class TestPorts
{
    /// <summary>A loopback port free at the moment of the call.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
