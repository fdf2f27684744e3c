using System.Text.Json;
using JobRuntime.Queues.Workers;
using JobRuntime.Storage.Queues;

namespace JobRuntime.Queues;

/// <summary>
/// A named work queue in ai4s.jobq's format over any <see cref="IQueueDriver"/>: push tasks, peek,
/// count, clear, receive and delete by receipt, and run workers over it
/// (<c>LaunchWorkersAsync</c>). Failed tasks land in <see cref="FailedName"/>.
/// </summary>
public sealed class WorkQueue
{
    /// <summary>The largest batch a driver is asked to receive or peek at once.</summary>
    public const int MaxBatch = 32;

    /// <summary>Opens a queue by name on a driver.</summary>
    /// <exception cref="InvalidQueueNameException">The name breaks ai4s.jobq's rules.</exception>
    public WorkQueue(IQueueDriver driver, string name)
    {
        ArgumentNullException.ThrowIfNull(driver);
        Driver = driver;
        Name = QueueName.Validate(name);
        FailedName = QueueName.Failed(name);
    }

    /// <summary>The engine under the queue.</summary>
    public IQueueDriver Driver { get; }

    /// <summary>The queue's name.</summary>
    public string Name { get; }

    /// <summary>The dead-letter queue's name, <c>&lt;name&gt;-failed</c>.</summary>
    public string FailedName { get; }

    /// <summary>The dead-letter queue as a queue of its own.</summary>
    public WorkQueue Failed => new(Driver, FailedName, validated: true);

    private WorkQueue(IQueueDriver driver, string name, bool validated)
    {
        _ = validated;
        Driver = driver;
        Name = name;
        FailedName = QueueName.Failed(name);
    }

    /// <summary>Creates the queue and its dead-letter queue where the engine needs it.</summary>
    public async Task CreateAsync(CancellationToken cancellationToken = default)
    {
        await Driver.QueueCreateAsync(new QueueCreateParams(Name), cancellationToken).ConfigureAwait(false);
        await Driver.QueueCreateAsync(new QueueCreateParams(FailedName), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Pushes one shell command task (<c>{"cmd": command}</c>); returns its id.</summary>
    public Task<string> PushCommandAsync(string command, int numRetries = 1, bool randomId = false, CancellationToken cancellationToken = default) =>
        PushAsync(QueueMessage.Command(command, numRetries, randomId), cancellationToken);

    /// <summary>Pushes one task of kwargs (any serializable object; a string is a shell command); returns its id.</summary>
    public Task<string> PushAsync<T>(T kwargs, int numRetries = 1, bool randomId = false, CancellationToken cancellationToken = default) =>
        PushAsync(QueueMessage.Create(JsonSerializer.SerializeToElement(kwargs), numRetries, randomId), cancellationToken);

    /// <summary>Pushes one message; returns its id.</summary>
    public async Task<string> PushAsync(QueueMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        await PushManyAsync([message], cancellationToken).ConfigureAwait(false);
        return message.Id;
    }

    /// <summary>Pushes messages in order, durable on return.</summary>
    public Task PushManyAsync(IReadOnlyList<QueueMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return Driver.MessageSendManyAsync(new MessageSendManyParams(Name, messages.Select(m => m.ToJson()).ToArray()), cancellationToken);
    }

    /// <summary>Up to <paramref name="count"/> visible messages, first first, without taking them.</summary>
    public async Task<IReadOnlyList<QueueMessage>> PeekAsync(int count = 1, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var bodies = await Driver.MessagePeekAsync(new MessagePeekParams(Name, Math.Min(count, MaxBatch)), cancellationToken).ConfigureAwait(false);
        return bodies.Select(QueueMessage.Parse).ToArray();
    }

    /// <summary>How many messages the queue holds (approximate on Azure).</summary>
    public Task<long> SizeAsync(CancellationToken cancellationToken = default) =>
        Driver.QueueCountAsync(new QueueCountParams(Name), cancellationToken);

    /// <summary>Deletes every message of the queue (not of its dead-letter queue).</summary>
    public Task ClearAsync(CancellationToken cancellationToken = default) =>
        Driver.QueueClearAsync(new QueueClearParams(Name), cancellationToken);

    /// <summary>Receives up to <paramref name="count"/> messages, hidden for <paramref name="visibilityTimeout"/>.</summary>
    public async Task<IReadOnlyList<ReceivedMessage>> ReceiveAsync(int count, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var leased = await Driver.MessageReceiveAsync(new MessageReceiveParams(Name, Math.Min(count, MaxBatch), visibilityTimeout), cancellationToken).ConfigureAwait(false);
        return leased.Select(m => new ReceivedMessage(m.Body, m.Receipt, m.DequeueCount)).ToArray();
    }

    /// <summary>
    /// Retries dead letters: moves up to <paramref name="max"/> visible messages of the dead-letter
    /// queue back into this queue, without their error (each move is atomic where the engine has
    /// transactions). A retried task runs once more with the retries it had left (usually none),
    /// and returns to the dead-letter queue if it fails again. Returns how many were moved.
    /// </summary>
    public async Task<int> RetryFailedAsync(int max = MaxBatch, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var retried = 0;
        while (retried < max)
        {
            var leased = await Driver.MessageReceiveAsync(new MessageReceiveParams(FailedName, Math.Min(MaxBatch, max - retried), TimeSpan.FromMinutes(1)), cancellationToken).ConfigureAwait(false);
            if (leased.Count == 0)
            {
                break;
            }
            foreach (var message in leased)
            {
                var body = QueueMessage.Parse(message.Body) with { Error = null };
                if (await Driver.MessageMoveAsync(new MessageMoveParams(FailedName, message.Receipt, Name, body.ToJson()), cancellationToken).ConfigureAwait(false))
                {
                    retried++;
                }
            }
        }
        return retried;
    }

    /// <summary>Deletes a received message by its receipt; false when the receipt is no longer the message's.</summary>
    public Task<bool> DeleteAsync(string receipt, CancellationToken cancellationToken = default) =>
        Driver.MessageDeleteAsync(new MessageDeleteParams(Name, receipt), cancellationToken);
}
