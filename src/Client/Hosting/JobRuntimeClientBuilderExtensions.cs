using System.Globalization;
using System.Net;
using JobRuntime.Hosting;
using JobRuntime.Client.Jobs;
using JobRuntime.GrainInterfaces;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Orleans.Hosting;

namespace JobRuntime.Client.Hosting;

/// <summary>Connects an Orleans client (<c>UseOrleansClient</c>) to JobRuntime silos.</summary>
public static class JobRuntimeClientBuilderExtensions
{
    /// <summary>The gateway a client uses when none is configured.</summary>
    public const string DefaultGateway = "127.0.0.1:30000";

    /// <summary>
    /// Adds what a JobRuntime client needs on top of its clustering: the <see cref="JobStreams.Provider"/>
    /// stream provider, to subscribe to results and errors, and a <see cref="JobClient"/> service
    /// acting for the user "local" (make your own with <c>new JobClient(client, owner)</c> for others).
    /// </summary>
    public static IClientBuilder AddJobRuntime(this IClientBuilder client)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.Services.TryAddSingleton(sp => new JobClient(sp.GetRequiredService<IClusterClient>()));
        return client.AddJobRuntimeStreams(JobStreams.Provider);
    }

    /// <summary>
    /// Connects to one silo's gateway (<c>JobRuntime:Client:Gateway</c>, <c>host:port</c>, default
    /// <see cref="DefaultGateway"/>) of the cluster <c>Orleans:ClusterId</c> / <c>Orleans:ServiceId</c>
    /// (default "jobruntime"), and adds <see cref="AddJobRuntime"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The gateway is not <c>host:port</c>; the message names the key.</exception>
    public static IClientBuilder UseJobRuntimeGateway(this IClientBuilder client, IConfiguration configuration, string? gateway = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(configuration);
        var endpoint = ParseGateway(gateway ?? configuration["JobRuntime:Client:Gateway"] ?? DefaultGateway);
        client.UseStaticClustering(endpoint);
        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = configuration["Orleans:ClusterId"] ?? "jobruntime";
            o.ServiceId = configuration["Orleans:ServiceId"] ?? "jobruntime";
        });
        return client.AddJobRuntime();
    }

    /// <summary>Parses <c>host:port</c> (an IP address or a host name) into a gateway endpoint.</summary>
    /// <exception cref="InvalidOperationException">It is not <c>host:port</c>.</exception>
    public static IPEndPoint ParseGateway(string gateway)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        var colon = gateway.LastIndexOf(':');
        if (colon > 0 && int.TryParse(gateway.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65_535)
        {
            var host = gateway[..colon].Trim('[', ']');
            if (IPAddress.TryParse(host, out var address))
            {
                return new IPEndPoint(address, port);
            }
            var addresses = Dns.GetHostAddresses(host);
            if (addresses.Length > 0)
            {
                return new IPEndPoint(addresses[0], port);
            }
        }
        throw new InvalidOperationException($"JobRuntime:Client:Gateway must be host:port (for example {DefaultGateway}); it is '{gateway}'.");
    }
}
