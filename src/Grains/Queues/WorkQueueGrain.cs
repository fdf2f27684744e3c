using JobRuntime.GrainInterfaces.Queues;
using JobRuntime.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;

namespace JobRuntime.Grains.Queues;

/// <summary>
/// A work queue of the embedded engine: a front over the silo's queue driver. It keeps no state
/// of its own (the engine is the truth, shared by every silo on the file), and it is reentrant,
/// so concurrent workers' calls meet in the engine's group commits instead of queueing here.
/// </summary>
[Reentrant]
internal sealed class WorkQueueGrain([FromKeyedServices(WorkQueuesHosting.DriverKey)] IQueueDriver driver) : Grain, IWorkQueueGrain
{
    private string Queue => this.GetPrimaryKeyString();

    public Task Send(string[] bodies) => driver.MessageSendManyAsync(new MessageSendManyParams(Queue, bodies));

    public async Task<QueueLease[]> Receive(int max, TimeSpan visibilityTimeout)
    {
        var received = await driver.MessageReceiveAsync(new MessageReceiveParams(Queue, max, visibilityTimeout));
        return received.Select(m => new QueueLease(m.Body, m.Receipt, m.DequeueCount)).ToArray();
    }

    public async Task<QueueDeletedAndReceived> DeleteAndReceive(string receipt, int max, TimeSpan visibilityTimeout)
    {
        var done = await driver.MessageDeleteAndReceiveAsync(new MessageDeleteParams(Queue, receipt), new MessageReceiveParams(Queue, max, visibilityTimeout));
        return new QueueDeletedAndReceived(done.Deleted, done.Next.Select(m => new QueueLease(m.Body, m.Receipt, m.DequeueCount)).ToArray());
    }

    public async Task<string[]> Peek(int max) => (await driver.MessagePeekAsync(new MessagePeekParams(Queue, max))).ToArray();

    public Task<string?> Renew(string receipt, TimeSpan visibilityTimeout) =>
        driver.MessageRenewAsync(new MessageRenewParams(Queue, receipt, visibilityTimeout));

    public Task<bool> Delete(string receipt) => driver.MessageDeleteAsync(new MessageDeleteParams(Queue, receipt));

    public Task<bool> Move(string receipt, string targetQueue, string body) =>
        driver.MessageMoveAsync(new MessageMoveParams(Queue, receipt, targetQueue, body));

    public Task<long> Count() => driver.QueueCountAsync(new QueueCountParams(Queue));

    public Task Clear() => driver.QueueClearAsync(new QueueClearParams(Queue));
}
