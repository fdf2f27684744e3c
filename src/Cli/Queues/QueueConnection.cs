using JobRuntime.Cli.Hosting;
using JobRuntime.Queues;
using JobRuntime.Queues.Drivers;
using JobRuntime.Queues.PostgreSql;

namespace JobRuntime.Cli.Queues;

/// <summary>An open queue of a <see cref="QueueSpec"/> and what keeps it open (a silo, a client, a pool).</summary>
internal sealed class QueueConnection : IAsyncDisposable
{
    private readonly IAsyncDisposable? _resource;

    private QueueConnection(WorkQueue queue, IAsyncDisposable? resource)
    {
        Queue = queue;
        _resource = resource;
    }

    public WorkQueue Queue { get; }

    public static async Task<QueueConnection> OpenAsync(QueueSpec spec, ConnectionSettings settings, Action<ISiloBuilder>? configureEmbedded, CancellationToken cancellationToken)
    {
        switch (spec.Backend)
        {
            case QueueBackend.Postgres:
            {
                var driver = new PostgresQueueDriver(spec.Location!);
                return await CreateAsync(new WorkQueue(driver, spec.Name), driver, cancellationToken);
            }
            case QueueBackend.Azure:
                return await CreateAsync(new WorkQueue(new AzureQueueDriver(spec.Location!), spec.Name), null, cancellationToken);
            default:
            {
                var connectTo = spec.Backend switch
                {
                    QueueBackend.Sqlite => settings with { Gateway = null, Database = spec.Location! },
                    QueueBackend.Silo => settings with { Gateway = spec.Location ?? settings.Gateway ?? "127.0.0.1:30000" },
                    _ => settings,
                };
                var connection = await JobConnection.OpenAsync(connectTo, configureEmbedded, cancellationToken);
                return await CreateAsync(new WorkQueue(new GrainQueueDriver(connection.Client), spec.Name), connection, cancellationToken);
            }
        }
    }

    private static async Task<QueueConnection> CreateAsync(WorkQueue queue, IAsyncDisposable? resource, CancellationToken cancellationToken)
    {
        try
        {
            await queue.CreateAsync(cancellationToken);
            return new QueueConnection(queue, resource);
        }
        catch
        {
            if (resource is not null)
            {
                await resource.DisposeAsync();
            }
            throw;
        }
    }

    public ValueTask DisposeAsync() => _resource?.DisposeAsync() ?? ValueTask.CompletedTask;
}
