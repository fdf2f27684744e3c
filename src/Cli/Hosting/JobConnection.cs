using System.Net;
using System.Net.Sockets;
using JobRuntime.Client.Hosting;
using JobRuntime.Client.Jobs;
using JobRuntime.GrainInterfaces;
using JobRuntime.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JobRuntime.Cli.Hosting;

/// <summary>The CLI's way to its jobs: a cluster client to a silo, or an embedded silo in this process.</summary>
internal sealed class JobConnection : IAsyncDisposable
{
    private readonly IAsyncDisposable _resource;

    private JobConnection(IClusterClient client, IAsyncDisposable resource, string user)
    {
        _resource = resource;
        Client = client;
        Jobs = new JobClient(client, user);
    }

    /// <summary>The Orleans client (of the silo's gateway, or the embedded silo's own); queues, states and maps use it directly.</summary>
    public IClusterClient Client { get; }

    /// <summary>Jobs of the configured user.</summary>
    public JobClient Jobs { get; }

    public static async Task<JobConnection> OpenAsync(ConnectionSettings settings, Action<ISiloBuilder>? configureEmbedded, CancellationToken cancellationToken)
    {
        if (settings.Gateway is { } gateway)
        {
            await ProbeAsync(gateway, cancellationToken);
            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
            builder.Configuration.AddEnvironmentVariables();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.UseOrleansClient(client => client.UseJobRuntimeGateway(builder.Configuration, gateway).UseJobRuntimeTls(builder.Configuration));
            var host = builder.Build();
            try
            {
                await host.StartAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                host.Dispose();
                throw new CliException($"Cannot reach the silo's gateway at {gateway}: {e.Message}");
            }
            return new JobConnection(host.Services.GetRequiredService<IClusterClient>(), new HostResource(host), settings.User);
        }
        if (settings.Cluster is { } cluster)
        {
            return await JoinClusterAsync(cluster, settings.User, cancellationToken);
        }
        var silo = await EmbeddedSilo.StartAsync(settings.Database, configureEmbedded, cancellationToken);
        return new JobConnection(silo.Client, silo, settings.User);
    }

    // A cluster profile: the client finds the live gateways in the membership table.
    private static async Task<JobConnection> JoinClusterAsync(IReadOnlyDictionary<string, string?> cluster, string user, CancellationToken cancellationToken)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(cluster.Where(p => !string.IsNullOrEmpty(p.Value)));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        try
        {
            builder.UseOrleansClient(client => client.UseJobRuntimeCluster(builder.Configuration));
        }
        catch (InvalidOperationException e)
        {
            throw new CliException(e.Message, ExitCodes.Usage);
        }
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            host.Dispose();
            throw new CliException($"Cannot join the {cluster["JobRuntime:Cluster:Provider"]} cluster: {e.Message}");
        }
        return new JobConnection(host.Services.GetRequiredService<IClusterClient>(), new HostResource(host), user);
    }

    /// <summary>
    /// Opens a job of the configured user. Another user's job is reported exactly like a missing
    /// one, as the HTTP API does.
    /// </summary>
    public async Task<(Job Job, JobInfo Info)> OpenJobAsync(string id)
    {
        var job = Jobs.OpenJob(id);
        var info = await job.GetInfoAsync();
        if (info.Owner != Jobs.Owner)
        {
            throw new JobNotFoundException($"Job '{id}' does not exist or was deleted.");
        }
        return (job, info);
    }

    public ValueTask DisposeAsync() => _resource.DisposeAsync();

    // The Orleans client keeps trying an absent gateway for minutes; a command line should say at
    // once that nothing listens there.
    private static async Task ProbeAsync(string gateway, CancellationToken cancellationToken)
    {
        IPEndPoint endpoint;
        try
        {
            endpoint = JobRuntimeClientBuilderExtensions.ParseGateway(gateway);
        }
        catch (Exception e) when (e is InvalidOperationException or SocketException)
        {
            throw new CliException($"No silo answered at {gateway}: {e.Message}");
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        using var probe = new TcpClient();
        try
        {
            await probe.ConnectAsync(endpoint, timeout.Token);
        }
        catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new CliException($"No silo answered at {gateway} (is one running there?): {e.Message}");
        }
    }

    // Stops the client host: the connection to the gateway closes.
    private sealed class HostResource(IHost host) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await host.StopAsync(TimeSpan.FromSeconds(5));
            }
            finally
            {
                host.Dispose();
            }
        }
    }
}
