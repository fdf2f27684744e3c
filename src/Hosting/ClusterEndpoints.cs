using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;

namespace JobRuntime.Hosting;

/// <summary>
/// A silo's endpoints and ids from configuration: <c>Orleans:Endpoints:SiloPort</c> (default
/// 11111) and <c>Orleans:Endpoints:GatewayPort</c> (default 30000) on the loopback address only,
/// <c>Orleans:ClusterId</c> and <c>Orleans:ServiceId</c> (default "jobruntime"). On a cluster
/// profile a port of 0 means a free port chosen at start-up (clients find it in the membership
/// table).
/// </summary>
public sealed record ClusterEndpoints(int SiloPort, int GatewayPort, string ClusterId, string ServiceId)
{
    /// <summary>The cluster and service id used when none is configured.</summary>
    public const string DefaultId = "jobruntime";

    /// <summary>Reads the endpoints and ids.</summary>
    /// <exception cref="InvalidOperationException">A port is not a number from 0 to 65535; the message names the key.</exception>
    public static ClusterEndpoints Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var endpoints = configuration.GetSection("Orleans:Endpoints");
        return new ClusterEndpoints(
            Port(endpoints, "SiloPort", EndpointOptions.DEFAULT_SILO_PORT),
            Port(endpoints, "GatewayPort", EndpointOptions.DEFAULT_GATEWAY_PORT),
            Id(configuration, "Orleans:ClusterId"),
            Id(configuration, "Orleans:ServiceId"));
    }

    /// <summary>
    /// The same endpoints with every port of 0 replaced by a free loopback port, written back to
    /// <paramref name="configuration"/> too: Orleans binds <c>Orleans:Endpoints</c> itself and
    /// refuses a silo port of 0.
    /// </summary>
    public ClusterEndpoints WithFreePorts(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var chosen = this with
        {
            SiloPort = SiloPort == 0 ? FreePort() : SiloPort,
            GatewayPort = GatewayPort == 0 ? FreePort() : GatewayPort,
        };
        if (chosen.SiloPort != SiloPort)
        {
            configuration["Orleans:Endpoints:SiloPort"] = chosen.SiloPort.ToString(CultureInfo.InvariantCulture);
        }
        if (chosen.GatewayPort != GatewayPort)
        {
            configuration["Orleans:Endpoints:GatewayPort"] = chosen.GatewayPort.ToString(CultureInfo.InvariantCulture);
        }
        return chosen;
    }

    /// <summary>Listens and advertises on the loopback address, with the ids.</summary>
    public void Apply(ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Configure<EndpointOptions>(o =>
        {
            o.AdvertisedIPAddress = IPAddress.Loopback;
            o.SiloPort = SiloPort;
            o.GatewayPort = GatewayPort;
            o.SiloListeningEndpoint = new IPEndPoint(IPAddress.Loopback, SiloPort);
            o.GatewayListeningEndpoint = new IPEndPoint(IPAddress.Loopback, GatewayPort);
        });
        ApplyIds(silo.Services);
    }

    /// <summary>Sets <see cref="ClusterOptions"/> to the ids.</summary>
    public void ApplyIds(Microsoft.Extensions.DependencyInjection.IServiceCollection services) =>
        Microsoft.Extensions.DependencyInjection.OptionsServiceCollectionExtensions.Configure<ClusterOptions>(services, o =>
        {
            o.ClusterId = ClusterId;
            o.ServiceId = ServiceId;
        });

    private static string Id(IConfiguration configuration, string key) =>
        configuration[key] is { Length: > 0 } id ? id : DefaultId;

    private static int Port(IConfigurationSection section, string key, int fallback)
    {
        var text = section[key];
        if (text is null)
        {
            return fallback;
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65_535)
        {
            throw new InvalidOperationException($"{section.Path}:{key} must be a port number from 0 to 65535; it is '{text}'.");
        }
        return port;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
