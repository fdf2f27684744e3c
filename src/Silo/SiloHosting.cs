using System.Net;
using JobRuntime.Silo.Apis;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace JobRuntime.Silo;

/// <summary>How the silo executable hosts Orleans: loopback endpoints and the dashboard.</summary>
internal static class SiloHosting
{
    /// <summary>
    /// One silo on this machine: localhost clustering with the silo and gateway ports of
    /// <c>Orleans:Endpoints</c> (defaults 11111 and 30000), listening on loopback only, and the
    /// cluster and service ids of <c>Orleans:ClusterId</c> / <c>Orleans:ServiceId</c>.
    /// </summary>
    public static ISiloBuilder UseLoopbackClustering(this ISiloBuilder silo, IConfiguration configuration)
    {
        var endpoints = configuration.GetSection("Orleans:Endpoints");
        var siloPort = Port(endpoints, "SiloPort", EndpointOptions.DEFAULT_SILO_PORT);
        var gatewayPort = Port(endpoints, "GatewayPort", EndpointOptions.DEFAULT_GATEWAY_PORT);
        silo.UseLocalhostClustering(siloPort, gatewayPort);
        silo.Configure<EndpointOptions>(o =>
        {
            o.AdvertisedIPAddress = IPAddress.Loopback;
            o.SiloListeningEndpoint = new IPEndPoint(IPAddress.Loopback, siloPort);
            o.GatewayListeningEndpoint = new IPEndPoint(IPAddress.Loopback, gatewayPort);
        });
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = configuration["Orleans:ClusterId"] ?? "jobruntime";
            o.ServiceId = configuration["Orleans:ServiceId"] ?? "jobruntime";
        });
        return silo;
    }

    /// <summary>Serves the Orleans Dashboard at <c>/dashboard</c>, behind the same users as the jobs API.</summary>
    public static RouteGroupBuilder MapDashboard(this IEndpointRouteBuilder app) =>
        app.MapOrleansDashboard(routePrefix: "/dashboard").RequireAuthorization(JobsApi.Policy);

    // A port that is not a number from 0 to 65535 stops start-up with the key named.
    private static int Port(IConfigurationSection section, string key, int fallback)
    {
        var text = section[key];
        if (text is null)
        {
            return fallback;
        }
        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port > 65_535)
        {
            throw new InvalidOperationException($"{section.Path}:{key} must be a port number from 0 to 65535; it is '{text}'.");
        }
        return port;
    }
}
