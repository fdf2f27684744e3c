using System.Collections.Concurrent;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using JobRuntime.Storage.Queues;

namespace JobRuntime.Queues.Drivers;

/// <summary>
/// Azure Storage Queues through the Azure SDK. Bodies are written as plain text (no base64), as
/// ai4s.jobq writes them, so either system reads the other's messages. Receipts are the message
/// id and its pop receipt. A move sends the new message first and then deletes the old one, so
/// a crash between the two leaves a duplicate rather than a loss.
/// </summary>
public sealed class AzureQueueDriver : IQueueDriver
{
    /// <summary>The service version the driver speaks (one Azurite accepts too).</summary>
    public const QueueClientOptions.ServiceVersion ServiceVersion = QueueClientOptions.ServiceVersion.V2025_01_05;

    private readonly QueueServiceClient _service;
    private readonly ConcurrentDictionary<string, QueueClient> _queues = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _created = new(StringComparer.Ordinal);

    /// <summary>Creates the driver over a storage account's connection string.</summary>
    public AzureQueueDriver(string connectionString)
        : this(new QueueServiceClient(connectionString, new QueueClientOptions(ServiceVersion) { MessageEncoding = QueueMessageEncoding.None }))
    {
    }

    /// <summary>Creates the driver over a queue service client (any credential).</summary>
    public AzureQueueDriver(QueueServiceClient service)
    {
        ArgumentNullException.ThrowIfNull(service);
        _service = service;
    }

    private QueueClient Queue(string name) => _queues.GetOrAdd(name, n => _service.GetQueueClient(n));

    /// <inheritdoc/>
    public async Task QueueCreateAsync(QueueCreateParams parameters, CancellationToken cancellationToken = default)
    {
        await Queue(parameters.Queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        _created[parameters.Queue] = true;
    }

    /// <inheritdoc/>
    public async Task<long> QueueCountAsync(QueueCountParams parameters, CancellationToken cancellationToken = default)
    {
        try
        {
            var properties = await Queue(parameters.Queue).GetPropertiesAsync(cancellationToken).ConfigureAwait(false);
            return properties.Value.ApproximateMessagesCount;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return 0;
        }
    }

    /// <inheritdoc/>
    public async Task QueueClearAsync(QueueClearParams parameters, CancellationToken cancellationToken = default)
    {
        try
        {
            await Queue(parameters.Queue).ClearMessagesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
    }

    /// <inheritdoc/>
    public async Task MessageSendManyAsync(MessageSendManyParams parameters, CancellationToken cancellationToken = default)
    {
        if (parameters.Bodies.Count == 0)
        {
            return;
        }
        await EnsureCreatedAsync(parameters.Queue, cancellationToken).ConfigureAwait(false);
        var queue = Queue(parameters.Queue);
        // The service takes one message per request. A small push goes in order, one at a time; a
        // large one keeps 16 requests in flight, and its order is then only roughly kept.
        if (parameters.Bodies.Count <= 16)
        {
            foreach (var body in parameters.Bodies)
            {
                await queue.SendMessageAsync(body, cancellationToken).ConfigureAwait(false);
            }
            return;
        }
        await Parallel.ForEachAsync(parameters.Bodies, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (body, ct) => await queue.SendMessageAsync(body, ct).ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<LeasedMessage>> MessageReceiveAsync(MessageReceiveParams parameters, CancellationToken cancellationToken = default)
    {
        try
        {
            var received = await Queue(parameters.Queue).ReceiveMessagesAsync(parameters.Max, parameters.VisibilityTimeout, cancellationToken).ConfigureAwait(false);
            return received.Value.Select(m => new LeasedMessage(m.Body.ToString(), Receipt(m.MessageId, m.PopReceipt), (int)m.DequeueCount)).ToArray();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return [];
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<string>> MessagePeekAsync(MessagePeekParams parameters, CancellationToken cancellationToken = default)
    {
        try
        {
            var peeked = await Queue(parameters.Queue).PeekMessagesAsync(parameters.Max, cancellationToken).ConfigureAwait(false);
            return peeked.Value.Select(m => m.Body.ToString()).ToArray();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return [];
        }
    }

    /// <inheritdoc/>
    public async Task<string?> MessageRenewAsync(MessageRenewParams parameters, CancellationToken cancellationToken = default)
    {
        if (!TryParse(parameters.Receipt, out var id, out var pop))
        {
            return null;
        }
        try
        {
            var updated = await Queue(parameters.Queue).UpdateMessageAsync(id, pop, visibilityTimeout: parameters.VisibilityTimeout, cancellationToken: cancellationToken).ConfigureAwait(false);
            return Receipt(id, updated.Value.PopReceipt);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 400)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public async Task<bool> MessageDeleteAsync(MessageDeleteParams parameters, CancellationToken cancellationToken = default)
    {
        if (!TryParse(parameters.Receipt, out var id, out var pop))
        {
            return false;
        }
        try
        {
            await Queue(parameters.Queue).DeleteMessageAsync(id, pop, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 400)
        {
            return false;
        }
    }

    /// <inheritdoc/>
    public async Task<bool> MessageMoveAsync(MessageMoveParams parameters, CancellationToken cancellationToken = default)
    {
        // Renewing first checks the receipt, so a lost lease sends nothing.
        var receipt = await MessageRenewAsync(new MessageRenewParams(parameters.Queue, parameters.Receipt, TimeSpan.FromSeconds(30)), cancellationToken).ConfigureAwait(false);
        if (receipt is null)
        {
            return false;
        }
        await MessageSendManyAsync(new MessageSendManyParams(parameters.TargetQueue, [parameters.Body]), cancellationToken).ConfigureAwait(false);
        return await MessageDeleteAsync(new MessageDeleteParams(parameters.Queue, receipt), cancellationToken).ConfigureAwait(false);
    }

    private async Task EnsureCreatedAsync(string queue, CancellationToken cancellationToken)
    {
        if (!_created.ContainsKey(queue))
        {
            await QueueCreateAsync(new QueueCreateParams(queue), cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Receipt(string id, string pop) => id + ":" + pop;

    private static bool TryParse(string receipt, out string id, out string pop)
    {
        var newline = receipt.IndexOf(':', StringComparison.Ordinal);
        id = newline > 0 ? receipt[..newline] : "";
        pop = newline > 0 ? receipt[(newline + 1)..] : "";
        return newline > 0;
    }
}
