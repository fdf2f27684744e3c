using JobRuntime.Queues.Tests.Backends;
using JobRuntime.Storage.Queues;

namespace JobRuntime.Queues.Tests.Conformance;

/// <summary>The one conformance suite every queue driver passes.</summary>
public abstract class QueueDriverConformance<TBackend>(TBackend backend) where TBackend : IQueueBackend
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    private IQueueDriver Driver => backend.Driver;

    private async Task<string> QueueWithAsync(params string[] bodies)
    {
        var queue = QueueNames.Unique();
        await Driver.QueueCreateAsync(new QueueCreateParams(queue));
        await Driver.MessageSendManyAsync(new MessageSendManyParams(queue, bodies));
        return queue;
    }

    private Task<IReadOnlyList<LeasedMessage>> ReceiveAsync(string queue, int max = 32, TimeSpan? visibility = null) =>
        Driver.MessageReceiveAsync(new MessageReceiveParams(queue, max, visibility ?? Long));

    [Fact]
    public async Task Retrying_dead_letters_moves_them_back_into_their_queue_without_their_error()
    {
        var queue = new WorkQueue(Driver, QueueNames.Unique());
        await queue.CreateAsync();
        var dead = Enumerable.Range(0, 3).Select(i => QueueMessage.Create(System.Text.Json.JsonSerializer.SerializeToElement(new { i }), numRetries: 0) with { Error = "boom" }).ToList();
        await queue.Failed.PushManyAsync(dead);

        Assert.Equal(3, await queue.RetryFailedAsync(10));

        var retried = new List<QueueMessage>();
        while (retried.Count < 3)
        {
            retried.Add(QueueMessage.Parse((await Eventually.ReceiveAsync(Driver, queue.Name)).Body));
        }
        Assert.Equal(dead.Select(m => m.Id).Order(), retried.Select(m => m.Id).Order());
        Assert.All(retried, m => Assert.Null(m.Error));
        Assert.Empty(await ReceiveAsync(queue.FailedName));
    }

    [Fact]
    public async Task Sent_messages_are_received_in_order_with_their_bodies()
    {
        var queue = await QueueWithAsync("a", "b", "c");
        var received = await ReceiveAsync(queue);
        Assert.Equal(["a", "b", "c"], received.Select(m => m.Body));
        Assert.All(received, m => Assert.Equal(1, m.DequeueCount));
    }

    [Fact]
    public async Task A_received_message_is_hidden_until_its_visibility_timeout_ends()
    {
        var queue = await QueueWithAsync("a");
        Assert.Single(await ReceiveAsync(queue, visibility: TimeSpan.FromSeconds(1)));
        Assert.Empty(await ReceiveAsync(queue));
        var again = await Eventually.ReceiveAsync(Driver, queue);
        Assert.Equal("a", again.Body);
        Assert.Equal(2, again.DequeueCount);
    }

    [Fact]
    public async Task A_receipt_stops_working_once_the_message_is_received_again()
    {
        var queue = await QueueWithAsync("a");
        var first = Assert.Single(await ReceiveAsync(queue, visibility: TimeSpan.FromSeconds(1)));
        var second = await Eventually.ReceiveAsync(Driver, queue);
        Assert.False(await Driver.MessageDeleteAsync(new MessageDeleteParams(queue, first.Receipt)));
        Assert.Null(await Driver.MessageRenewAsync(new MessageRenewParams(queue, first.Receipt, Long)));
        Assert.True(await Driver.MessageDeleteAsync(new MessageDeleteParams(queue, second.Receipt)));
    }

    [Fact]
    public async Task Deleting_by_receipt_removes_the_message()
    {
        var queue = await QueueWithAsync("a", "b");
        var first = (await ReceiveAsync(queue, max: 1))[0];
        Assert.True(await Driver.MessageDeleteAsync(new MessageDeleteParams(queue, first.Receipt)));
        Assert.Equal(1, await Driver.QueueCountAsync(new QueueCountParams(queue)));
    }

    [Fact]
    public async Task Deleting_and_receiving_in_one_step_removes_the_finished_message_and_hides_the_next()
    {
        var queue = await QueueWithAsync("a", "b", "c");
        var first = Assert.Single(await ReceiveAsync(queue, max: 1));
        var done = await Driver.MessageDeleteAndReceiveAsync(new MessageDeleteParams(queue, first.Receipt), new MessageReceiveParams(queue, 1, Long));
        Assert.True(done.Deleted);
        Assert.Equal("b", Assert.Single(done.Next).Body);
        Assert.Equal(2, await Driver.QueueCountAsync(new QueueCountParams(queue)));
        Assert.Equal(["c"], await Driver.MessagePeekAsync(new MessagePeekParams(queue, 32)));
        Assert.True(await Driver.MessageDeleteAsync(new MessageDeleteParams(queue, done.Next[0].Receipt)));
    }

    [Fact]
    public async Task Deleting_and_receiving_with_a_stale_receipt_reports_it_and_still_receives()
    {
        var queue = await QueueWithAsync("a", "b");
        var first = Assert.Single(await ReceiveAsync(queue, max: 1));
        Assert.True(await Driver.MessageDeleteAsync(new MessageDeleteParams(queue, first.Receipt)));
        var done = await Driver.MessageDeleteAndReceiveAsync(new MessageDeleteParams(queue, first.Receipt), new MessageReceiveParams(queue, 1, Long));
        Assert.False(done.Deleted);
        Assert.Equal("b", Assert.Single(done.Next).Body);
    }

    [Fact]
    public async Task A_renewed_receipt_still_deletes_the_message()
    {
        var queue = await QueueWithAsync("a");
        var message = Assert.Single(await ReceiveAsync(queue, visibility: TimeSpan.FromSeconds(30)));
        var renewed = await Driver.MessageRenewAsync(new MessageRenewParams(queue, message.Receipt, Long));
        Assert.NotNull(renewed);
        Assert.True(await Driver.MessageDeleteAsync(new MessageDeleteParams(queue, renewed)));
        Assert.Equal(0, await Driver.QueueCountAsync(new QueueCountParams(queue)));
    }

    [Fact]
    public async Task Renewing_a_deleted_message_reports_the_lease_lost()
    {
        var queue = await QueueWithAsync("a");
        var message = Assert.Single(await ReceiveAsync(queue));
        await Driver.QueueClearAsync(new QueueClearParams(queue));
        Assert.Null(await Driver.MessageRenewAsync(new MessageRenewParams(queue, message.Receipt, Long)));
    }

    [Fact]
    public async Task Moving_a_message_replaces_it_by_the_new_body_in_the_target_queue()
    {
        var queue = await QueueWithAsync("a");
        var target = QueueNames.Unique("t");
        await Driver.QueueCreateAsync(new QueueCreateParams(target));
        var message = Assert.Single(await ReceiveAsync(queue));
        Assert.True(await Driver.MessageMoveAsync(new MessageMoveParams(queue, message.Receipt, target, "a2")));
        Assert.Equal(0, await Driver.QueueCountAsync(new QueueCountParams(queue)));
        Assert.Equal(["a2"], await Driver.MessagePeekAsync(new MessagePeekParams(target, 32)));
    }

    [Fact]
    public async Task Moving_a_message_back_into_its_queue_makes_it_visible_again()
    {
        var queue = await QueueWithAsync("a");
        var message = Assert.Single(await ReceiveAsync(queue));
        Assert.True(await Driver.MessageMoveAsync(new MessageMoveParams(queue, message.Receipt, queue, "a2")));
        Assert.Equal("a2", Assert.Single(await ReceiveAsync(queue)).Body);
    }

    [Fact]
    public async Task Moving_with_a_stale_receipt_sends_nothing()
    {
        var queue = await QueueWithAsync("a");
        var target = QueueNames.Unique("t");
        await Driver.QueueCreateAsync(new QueueCreateParams(target));
        var message = Assert.Single(await ReceiveAsync(queue));
        Assert.True(await Driver.MessageDeleteAsync(new MessageDeleteParams(queue, message.Receipt)));
        Assert.False(await Driver.MessageMoveAsync(new MessageMoveParams(queue, message.Receipt, target, "x")));
        Assert.Empty(await Driver.MessagePeekAsync(new MessagePeekParams(target, 32)));
    }

    [Fact]
    public async Task Peeking_leaves_the_messages_to_receive()
    {
        var queue = await QueueWithAsync("a", "b");
        Assert.Equal(["a"], await Driver.MessagePeekAsync(new MessagePeekParams(queue, 1)));
        Assert.Equal(["a", "b"], await Driver.MessagePeekAsync(new MessagePeekParams(queue, 32)));
        Assert.Equal(2, (await ReceiveAsync(queue)).Count);
    }

    [Fact]
    public async Task The_count_includes_received_messages()
    {
        var queue = await QueueWithAsync("a", "b", "c");
        await ReceiveAsync(queue, max: 2);
        Assert.Equal(3, await Driver.QueueCountAsync(new QueueCountParams(queue)));
        Assert.Single(await Driver.MessagePeekAsync(new MessagePeekParams(queue, 32)));
    }

    [Fact]
    public async Task Clearing_a_queue_leaves_other_queues_alone()
    {
        var queue = await QueueWithAsync("a", "b");
        var other = await QueueWithAsync("c");
        await Driver.QueueClearAsync(new QueueClearParams(queue));
        Assert.Equal(0, await Driver.QueueCountAsync(new QueueCountParams(queue)));
        Assert.Equal(1, await Driver.QueueCountAsync(new QueueCountParams(other)));
    }

    [Fact]
    public async Task A_queue_never_created_reads_as_empty()
    {
        var queue = QueueNames.Unique("n");
        Assert.Equal(0, await Driver.QueueCountAsync(new QueueCountParams(queue)));
        Assert.Empty(await Driver.MessagePeekAsync(new MessagePeekParams(queue, 32)));
        Assert.Empty(await ReceiveAsync(queue));
    }

    [Fact]
    public async Task Concurrent_receivers_never_get_the_same_message()
    {
        var bodies = Enumerable.Range(0, 60).Select(i => $"m{i}").ToArray();
        var queue = await QueueWithAsync(bodies);
        var received = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            while ((await ReceiveAsync(queue, max: 4)) is { Count: > 0 } batch)
            {
                foreach (var m in batch)
                {
                    received.Add(m.Body);
                }
            }
        })));
        Assert.Equal(bodies.Order(), received.Order());
    }
}
