using System.Net;
using Orleans.Configuration;

namespace JobRuntime.Silo.Security;

/// <summary>Which of the silo's listening addresses are not loopback: its HTTP URLs and its Orleans endpoints.</summary>
internal static class NetworkExposure
{
    /// <summary>The HTTP URLs of <c>urls</c> (<c>--urls</c>, <c>ASPNETCORE_URLS</c>), the <c>http_ports</c>/<c>https_ports</c> shortcuts and <c>Kestrel:Endpoints</c> that bind beyond loopback.</summary>
    public static IEnumerable<string> HttpUrls(IConfiguration configuration)
    {
        var urls = (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>());
        foreach (var url in urls)
        {
            if (!IsLoopbackUrl(url))
            {
                yield return url;
            }
        }
        foreach (var key in (string[])["http_ports", "https_ports"])
        {
            if (!string.IsNullOrWhiteSpace(configuration[key]) && string.IsNullOrWhiteSpace(configuration["urls"]))
            {
                yield return $"{key}={configuration[key]} (every address)";
            }
        }
    }

    /// <summary>The Orleans silo and gateway endpoints that listen beyond loopback.</summary>
    public static IEnumerable<string> OrleansEndpoints(EndpointOptions endpoints)
    {
        var silo = endpoints.SiloListeningEndpoint?.Address ?? endpoints.AdvertisedIPAddress;
        if (silo is not null && !IPAddress.IsLoopback(silo))
        {
            yield return $"the silo endpoint {silo}:{endpoints.SiloPort}";
        }
        var gateway = endpoints.GatewayListeningEndpoint?.Address ?? endpoints.AdvertisedIPAddress;
        if (endpoints.GatewayPort > 0 && gateway is not null && !IPAddress.IsLoopback(gateway))
        {
            yield return $"the gateway endpoint {gateway}:{endpoints.GatewayPort}";
        }
    }

    /// <summary>True for a URL on <c>localhost</c> or a loopback address; <c>*</c>, <c>+</c>, <c>0.0.0.0</c> and other names are not.</summary>
    public static bool IsLoopbackUrl(string url)
    {
        // "*" and "+" are not valid URI hosts: they mean every address.
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var rest = schemeEnd < 0 ? url : url[(schemeEnd + 3)..];
        if (rest.StartsWith('*') || rest.StartsWith('+'))
        {
            return false;
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return false;
        }
        if (uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }
}
