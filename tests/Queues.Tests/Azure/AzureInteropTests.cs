using Azure.Storage.Queues;
using JobRuntime.Queues.Drivers;
using JobRuntime.Queues.Processors;
using JobRuntime.Queues.Tests.Backends;
using JobRuntime.Queues.Workers;
using JobRuntime.TestServices;

namespace JobRuntime.Queues.Tests.Azure;

/// <summary>Messages written by the Azure SDK in ai4s.jobq's format are worked by our workers, and the other way round.</summary>
public sealed class AzureInteropTests
{
    private static QueueClient RawQueue(string name) =>
        new(TestServers.AzureStorage, name, new QueueClientOptions(AzureQueueDriver.ServiceVersion) { MessageEncoding = QueueMessageEncoding.None });

    [Fact]
    public async Task A_message_written_by_the_Azure_SDK_in_the_jobq_format_is_worked_by_our_worker()
    {
        var name = QueueNames.Unique("az");
        var raw = RawQueue(name);
        await raw.CreateIfNotExistsAsync();
        await raw.SendMessageAsync("""{"version": 1, "kwargs": {"my_number": 4}, "num_retries": 0, "id": "from-python"}""");
        var queue = new WorkQueue(new AzureQueueDriver(TestServers.AzureStorage), name);
        var seen = new List<(string, int)>();
        var report = await queue.LaunchWorkersAsync((task, _) =>
        {
            seen.Add((task.Id, task.Kwargs.GetProperty("my_number").GetInt32()));
            return Task.CompletedTask;
        }, new WorkerOptions { VisibilityTimeout = TimeSpan.FromSeconds(30) });
        Assert.Equal([("from-python", 4)], seen);
        Assert.Equal(1, report.Progress.Succeeded);
        Assert.Empty((await raw.PeekMessagesAsync(32)).Value);
    }

    [Fact]
    public async Task Our_messages_are_plain_jobq_JSON_to_the_Azure_SDK()
    {
        var name = QueueNames.Unique("az");
        var queue = new WorkQueue(new AzureQueueDriver(TestServers.AzureStorage), name);
        await queue.CreateAsync();
        var id = await queue.PushCommandAsync("echo hi", numRetries: 3);
        var peeked = Assert.Single((await RawQueue(name).PeekMessagesAsync(32)).Value);
        Assert.Equal($$"""{"version":1,"kwargs":{"cmd":"echo hi"},"num_retries":3,"id":"{{id}}"}""", peeked.Body.ToString());
    }

    [Fact]
    public async Task A_failed_task_lands_in_the_failed_queue_readable_by_the_Azure_SDK()
    {
        var name = QueueNames.Unique("az");
        var queue = new WorkQueue(new AzureQueueDriver(TestServers.AzureStorage), name);
        await queue.CreateAsync();
        await queue.PushCommandAsync("exit 5", numRetries: 0);
        await queue.LaunchWorkersAsync(QueueProcessors.Shell(), new WorkerOptions { VisibilityTimeout = TimeSpan.FromSeconds(30) });
        var dead = Assert.Single((await RawQueue(name + "-failed").PeekMessagesAsync(32)).Value);
        Assert.Contains("\"error\":", dead.Body.ToString());
        Assert.Contains("exited with code 5", dead.Body.ToString());
    }
}
