using JobRuntime.GrainInterfaces.Queues;
using JobRuntime.Storage.Queues;

namespace JobRuntime.Queues.Drivers;

/// <summary>
/// The embedded engine reached through Orleans: every call goes to the queue's
/// <see cref="IWorkQueueGrain"/>, in a co-hosted silo or through a client's gateway.
/// </summary>
public sealed class GrainQueueDriver : IQueueDriver
{
    private readonly IGrainFactory _grains;

    /// <summary>Creates the driver over a grain factory (an <see cref="IClusterClient"/> or a silo's).</summary>
    public GrainQueueDriver(IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        _grains = grains;
    }

    private IWorkQueueGrain Grain(string queue) => _grains.GetGrain<IWorkQueueGrain>(queue);

    /// <inheritdoc/>
    public Task QueueCreateAsync(QueueCreateParams parameters, CancellationToken cancellationToken = default) =>
        Grain(parameters.Queue).Count();

    /// <inheritdoc/>
    public Task<long> QueueCountAsync(QueueCountParams parameters, CancellationToken cancellationToken = default) =>
        Grain(parameters.Queue).Count();

    /// <inheritdoc/>
    public Task QueueClearAsync(QueueClearParams parameters, CancellationToken cancellationToken = default) =>
        Grain(parameters.Queue).Clear();

    /// <inheritdoc/>
    public Task MessageSendManyAsync(MessageSendManyParams parameters, CancellationToken cancellationToken = default) =>
        parameters.Bodies.Count == 0 ? Task.CompletedTask : Grain(parameters.Queue).Send(parameters.Bodies.ToArray());

    /// <inheritdoc/>
    public async Task<IReadOnlyList<LeasedMessage>> MessageReceiveAsync(MessageReceiveParams parameters, CancellationToken cancellationToken = default)
    {
        var leases = await Grain(parameters.Queue).Receive(parameters.Max, parameters.VisibilityTimeout).ConfigureAwait(false);
        return leases.Select(l => new LeasedMessage(l.Body, l.Receipt, l.DequeueCount)).ToArray();
    }

    /// <inheritdoc/>
    public async Task<DeletedAndReceived> MessageDeleteAndReceiveAsync(MessageDeleteParams delete, MessageReceiveParams receive, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delete);
        ArgumentNullException.ThrowIfNull(receive);
        if (delete.Queue != receive.Queue)
        {
            var deleted = await MessageDeleteAsync(delete, cancellationToken).ConfigureAwait(false);
            return new DeletedAndReceived(deleted, await MessageReceiveAsync(receive, cancellationToken).ConfigureAwait(false));
        }
        var done = await Grain(delete.Queue).DeleteAndReceive(delete.Receipt, receive.Max, receive.VisibilityTimeout).ConfigureAwait(false);
        return new DeletedAndReceived(done.Deleted, done.Next.Select(l => new LeasedMessage(l.Body, l.Receipt, l.DequeueCount)).ToArray());
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<string>> MessagePeekAsync(MessagePeekParams parameters, CancellationToken cancellationToken = default) =>
        await Grain(parameters.Queue).Peek(parameters.Max).ConfigureAwait(false);

    /// <inheritdoc/>
    public Task<string?> MessageRenewAsync(MessageRenewParams parameters, CancellationToken cancellationToken = default) =>
        Grain(parameters.Queue).Renew(parameters.Receipt, parameters.VisibilityTimeout);

    /// <inheritdoc/>
    public Task<bool> MessageDeleteAsync(MessageDeleteParams parameters, CancellationToken cancellationToken = default) =>
        Grain(parameters.Queue).Delete(parameters.Receipt);

    /// <inheritdoc/>
    public Task<bool> MessageMoveAsync(MessageMoveParams parameters, CancellationToken cancellationToken = default) =>
        Grain(parameters.Queue).Move(parameters.Receipt, parameters.TargetQueue, parameters.Body);
}
