using JobRuntime.Storage.Queues;

namespace JobRuntime.Queues.Tests.Conformance;

/// <summary>Waits (generously) for something the engine does after a timeout.</summary>
public static class Eventually
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    /// <summary>Receives one message, trying until one is visible.</summary>
    public static async Task<LeasedMessage> ReceiveAsync(IQueueDriver driver, string queue, TimeSpan? visibility = null)
    {
        var until = DateTime.UtcNow + Limit;
        while (DateTime.UtcNow < until)
        {
            var received = await driver.MessageReceiveAsync(new MessageReceiveParams(queue, 1, visibility ?? TimeSpan.FromMinutes(5)));
            if (received.Count == 1)
            {
                return received[0];
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"No message became visible in queue '{queue}' within {Limit}.");
    }

    /// <summary>Waits until a condition holds.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string what)
    {
        var until = DateTime.UtcNow + Limit;
        while (DateTime.UtcNow < until)
        {
            if (await condition())
            {
                return;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"Waited {Limit} for {what}.");
    }
}
