using JobRuntime.Client.Jobs;
using JobRuntime.Client;
using JobRuntime.GrainInterfaces;
using JobRuntime.Hosting;

namespace JobRuntime.Cli.Hosting;

/// <summary>The CLI's way to its jobs: a cluster client to a silo, or an embedded silo in this process.</summary>
internal sealed class JobConnection : IAsyncDisposable
{
    private readonly IAsyncDisposable _resource;

    private JobConnection(IClusterClient client, IAsyncDisposable resource, string user)
    {
        _resource = resource;
        Jobs = new JobClient(client, user);
    }

    /// <summary>Jobs of the configured user.</summary>
    public JobClient Jobs { get; }

    public static async Task<JobConnection> OpenAsync(ConnectionSettings settings, Action<ISiloBuilder>? configureEmbedded, CancellationToken cancellationToken)
    {
        if (settings.Gateway is { } gateway)
        {
            var client = new ClusterClient(new ClientOptions { Gateway = gateway, AccessKey = settings.AccessKey });
            try
            {
                await client.ConnectAsync(cancellationToken);
            }
            catch
            {
                await client.DisposeAsync();
                throw;
            }
            return new JobConnection(client, client, settings.User);
        }
        var silo = await EmbeddedSilo.StartAsync(settings.Database, configureEmbedded, cancellationToken);
        return new JobConnection(silo.Client, silo, settings.User);
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
}
