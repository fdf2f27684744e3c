using JobRuntime.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobRuntime.Hosting;

/// <summary>Adds a cluster client to an app: <see cref="IClusterClient"/> and <see cref="IGrainFactory"/>, connected with the host.</summary>
public static class ClientHostingExtensions
{
    /// <summary>Adds the client with options from <c>JobRuntime:Client</c>; it connects when the host starts and closes when it stops.</summary>
    public static TBuilder UseJobRuntimeClient<TBuilder>(this TBuilder builder, Action<ClientOptions>? configure = null)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddJobRuntimeClient(builder.Configuration, configure);
        return builder;
    }

    /// <summary>Adds the client's services (see <see cref="UseJobRuntimeClient{TBuilder}"/>).</summary>
    public static IServiceCollection AddJobRuntimeClient(this IServiceCollection services, IConfiguration? configuration = null, Action<ClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ClientOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration.GetSection("JobRuntime:Client"));
        }
        if (configure is not null)
        {
            options.Configure(configure);
        }
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new ClusterClient(
            sp.GetRequiredService<IOptions<ClientOptions>>().Value,
            sp.GetRequiredService<ILogger<ClusterClient>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IClusterClient>(sp => sp.GetRequiredService<ClusterClient>());
        services.TryAddSingleton<IGrainFactory>(sp => sp.GetRequiredService<ClusterClient>());
        services.AddHostedService<ClientConnector>();
        return services;
    }

    private sealed class ClientConnector(ClusterClient client) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => client.ConnectAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => client.CloseAsync();
    }
}
