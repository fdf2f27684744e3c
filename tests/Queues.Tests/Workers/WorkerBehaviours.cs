using System.Collections.Concurrent;
using JobRuntime.Queues.Processors;
using JobRuntime.Queues.Tests.Backends;
using JobRuntime.Queues.Tests.Conformance;
using JobRuntime.Queues.Workers;
using JobRuntime.Storage.Queues;

namespace JobRuntime.Queues.Tests.Workers;

/// <summary>ai4s.jobq's worker behaviours, one by one, on every backend.</summary>
public abstract class WorkerBehaviours<TBackend>(TBackend backend) where TBackend : IQueueBackend
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private async Task<WorkQueue> QueueAsync(int tasks = 0, int numRetries = 1)
    {
        var queue = new WorkQueue(backend.Driver, QueueNames.Unique("w"));
        await queue.CreateAsync();
        if (tasks > 0)
        {
            await queue.PushManyAsync(Enumerable.Range(0, tasks).Select(i => QueueMessage.FromObject(new { n = i }, numRetries)).ToArray());
        }
        return queue;
    }

    private static WorkerOptions Options(Action<WorkerOptions>? configure = null)
    {
        var options = new WorkerOptions { VisibilityTimeout = TimeSpan.FromSeconds(30), WorkerId = "test" };
        configure?.Invoke(options);
        return options;
    }

    [Fact]
    public async Task Workers_run_every_task_once_and_stop_when_the_queue_is_empty()
    {
        var queue = await QueueAsync(tasks: 20);
        var seen = new ConcurrentBag<int>();
        var report = await queue.LaunchWorkersAsync((task, _) => { seen.Add(task.Kwargs.GetProperty("n").GetInt32()); return Task.CompletedTask; }, Options(o => o.NumWorkers = 3));
        Assert.Equal(WorkerStopReason.QueueEmpty, report.Reason);
        Assert.Equal(Enumerable.Range(0, 20), seen.Order());
        Assert.Equal(20, report.Progress.Succeeded);
        Assert.Equal(0, await queue.SizeAsync());
    }

    [Fact]
    public async Task Worker_ids_are_the_prefix_and_the_worker_index()
    {
        var queue = await QueueAsync(tasks: 6);
        var ids = new ConcurrentBag<string>();
        await queue.LaunchWorkersAsync((task, _) => { ids.Add(task.WorkerId); return Task.Delay(100); }, Options(o => { o.NumWorkers = 2; o.WorkerId = "box"; }));
        Assert.Subset(new HashSet<string> { "box:0", "box:1" }, ids.ToHashSet());
    }

    [Fact]
    public async Task A_failing_task_is_retried_with_one_retry_fewer_then_moved_to_the_failed_queue_with_its_error()
    {
        var queue = await QueueAsync(tasks: 1, numRetries: 2);
        var attempts = new ConcurrentBag<int>();
        var report = await queue.LaunchWorkersAsync((task, _) =>
        {
            attempts.Add(task.NumRetries);
            throw new InvalidOperationException("boom");
        }, Options());
        Assert.Equal([0, 1, 2], attempts.Order());
        Assert.Equal(2, report.Progress.Retried);
        Assert.Equal(1, report.Progress.DeadLettered);
        Assert.Equal(0, await queue.SizeAsync());
        var dead = Assert.Single(await queue.Failed.PeekAsync(32));
        Assert.Equal(0, dead.NumRetries);
        Assert.Contains("boom", dead.Error);
        Assert.Equal(0, dead.Kwargs.GetProperty("n").GetInt32());
    }

    [Fact]
    public async Task Too_many_consecutive_failures_stop_the_workers_with_an_error()
    {
        var queue = await QueueAsync(tasks: 10, numRetries: 0);
        var error = await Assert.ThrowsAsync<TooManyFailuresException>(() =>
            queue.LaunchWorkersAsync((_, _) => throw new InvalidOperationException("always"), Options(o => o.MaxConsecutiveFailures = 3)));
        Assert.Equal(3, error.Progress.DeadLettered);
        Assert.Equal(7, await queue.SizeAsync());
    }

    [Fact]
    public async Task A_success_resets_the_count_of_consecutive_failures()
    {
        var queue = await QueueAsync(tasks: 6, numRetries: 0);
        var report = await queue.LaunchWorkersAsync(
            (task, _) => task.Kwargs.GetProperty("n").GetInt32() % 2 == 0 ? throw new InvalidOperationException("even") : Task.CompletedTask,
            Options(o => o.MaxConsecutiveFailures = 2));
        Assert.Equal(WorkerStopReason.QueueEmpty, report.Reason);
        Assert.Equal(3, report.Progress.DeadLettered);
    }

    [Fact]
    public async Task A_running_task_whose_lease_is_lost_is_cancelled()
    {
        var queue = await QueueAsync(tasks: 1);
        var started = new TaskCompletionSource();
        var cancelled = new TaskCompletionSource();
        var run = queue.LaunchWorkersAsync(async (_, ct) =>
        {
            started.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                cancelled.TrySetResult();
                throw;
            }
        }, Options(o => o.VisibilityTimeout = TimeSpan.FromSeconds(2)));
        await started.Task.WaitAsync(Wait);
        await queue.ClearAsync();
        await cancelled.Task.WaitAsync(Wait);
        var report = await run.WaitAsync(Wait);
        Assert.Equal(1, report.Progress.LeaseLost);
        Assert.Equal(0, report.Progress.Failed);
    }

    [Fact]
    public async Task The_heartbeat_keeps_a_task_running_past_its_visibility_timeout_from_other_workers()
    {
        var queue = await QueueAsync(tasks: 1);
        var started = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var run = queue.LaunchWorkersAsync(async (_, ct) =>
        {
            started.TrySetResult();
            await release.Task.WaitAsync(ct);
        }, Options(o => o.VisibilityTimeout = TimeSpan.FromSeconds(2)));
        await started.Task.WaitAsync(Wait);
        // Three visibility timeouts: without renewals the message would be visible again.
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(6);
        while (DateTime.UtcNow < until)
        {
            Assert.Empty(await queue.ReceiveAsync(1, TimeSpan.FromSeconds(30)));
            await Task.Delay(250);
        }
        release.SetResult();
        var report = await run.WaitAsync(Wait);
        Assert.Equal(1, report.Progress.Succeeded);
        Assert.Equal(0, await queue.SizeAsync());
    }

    [Fact]
    public async Task Without_a_heartbeat_a_task_outliving_its_visibility_timeout_goes_to_another_worker()
    {
        var queue = await QueueAsync(tasks: 1);
        var started = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var run = queue.LaunchWorkersAsync(async (_, _) =>
        {
            started.TrySetResult();
            await release.Task;
        }, Options(o => { o.VisibilityTimeout = TimeSpan.FromSeconds(1); o.WithHeartbeat = false; }));
        await started.Task.WaitAsync(Wait);
        var other = await Eventually.ReceiveAsync(backend.Driver, queue.Name);
        release.SetResult();
        var report = await run.WaitAsync(Wait);
        Assert.Equal(1, report.Progress.LeaseLost);
        Assert.True(await queue.DeleteAsync(other.Receipt));
    }

    [Fact]
    public async Task The_time_limit_stops_the_workers_taking_new_tasks()
    {
        var queue = await QueueAsync(tasks: 3);
        var report = await queue.LaunchWorkersAsync((_, _) => Task.Delay(TimeSpan.FromSeconds(2)), Options(o => o.TimeLimit = TimeSpan.FromSeconds(1)));
        Assert.Equal(WorkerStopReason.TimeLimit, report.Reason);
        Assert.Equal(1, report.Progress.Succeeded);
        Assert.Equal(2, await queue.SizeAsync());
    }

    [Fact]
    public async Task A_soft_stop_finishes_the_running_task_and_takes_no_new_one()
    {
        var queue = await QueueAsync(tasks: 3);
        using var stop = new CancellationTokenSource();
        var started = new TaskCompletionSource();
        var sawCancellation = false;
        var run = queue.LaunchWorkersAsync(async (_, ct) =>
        {
            started.TrySetResult();
            await stop.Token.WhenCancelled();
            await Task.Delay(200, CancellationToken.None);
            sawCancellation |= ct.IsCancellationRequested;
        }, Options(), stopToken: stop.Token);
        await started.Task.WaitAsync(Wait);
        stop.Cancel();
        var report = await run.WaitAsync(Wait);
        Assert.Equal(WorkerStopReason.Stopped, report.Reason);
        Assert.False(sawCancellation);
        Assert.Equal(1, report.Progress.Succeeded);
        Assert.Equal(2, await queue.SizeAsync());
    }

    [Fact]
    public async Task A_hard_stop_cancels_the_running_task_and_leaves_its_message_in_the_queue()
    {
        var queue = await QueueAsync(tasks: 1);
        using var cancel = new CancellationTokenSource();
        var started = new TaskCompletionSource();
        var run = queue.LaunchWorkersAsync(async (_, ct) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
        }, Options(), cancellationToken: cancel.Token);
        await started.Task.WaitAsync(Wait);
        cancel.Cancel();
        var report = await run.WaitAsync(Wait);
        Assert.Equal(WorkerStopReason.Cancelled, report.Reason);
        Assert.Equal(0, report.Progress.Failed);
        Assert.Equal(1, await queue.SizeAsync());
    }

    [Fact]
    public async Task A_message_not_in_the_jobq_format_goes_to_the_failed_queue()
    {
        var queue = await QueueAsync();
        await backend.Driver.MessageSendManyAsync(new MessageSendManyParams(queue.Name, ["not json"]));
        var report = await queue.LaunchWorkersAsync((_, _) => Task.CompletedTask, Options());
        Assert.Equal(1, report.Progress.DeadLettered);
        Assert.Equal(["not json"], await backend.Driver.MessagePeekAsync(new MessagePeekParams(queue.FailedName, 32)));
    }

    [Fact]
    public async Task Every_log_line_of_a_task_is_in_a_scope_with_the_queue_worker_and_task_ids()
    {
        var queue = await QueueAsync(tasks: 2);
        var logger = new ScopeRecordingLogger();
        await queue.LaunchWorkersAsync((_, _) => Task.CompletedTask, Options(o => o.Logger = logger));
        var taskLines = logger.Lines.Where(l => l.Message.StartsWith("Task", StringComparison.Ordinal)).ToArray();
        Assert.Equal(4, taskLines.Length);
        Assert.All(taskLines, l =>
        {
            Assert.Equal(queue.Name, l.Scope["Queue"]);
            Assert.Equal("test:0", l.Scope["WorkerId"]);
            Assert.Matches("^[0-9a-f]{32}$", (string)l.Scope["TaskId"]);
        });
    }

    [Fact]
    public async Task Progress_is_reported_after_every_task()
    {
        var queue = await QueueAsync(tasks: 3);
        var reports = new ConcurrentQueue<WorkerProgress>();
        await queue.LaunchWorkersAsync((_, _) => Task.CompletedTask, Options(o => o.Progress = new SynchronousProgress(reports.Enqueue)));
        Assert.Equal([1L, 2L, 3L], reports.Select(p => p.Succeeded));
    }
}

internal static class CancellationTokenExtensions
{
    public static Task WhenCancelled(this CancellationToken token)
    {
        var done = new TaskCompletionSource();
        token.Register(() => done.TrySetResult());
        return done.Task;
    }
}

internal sealed class SynchronousProgress(Action<WorkerProgress> report) : IProgress<WorkerProgress>
{
    public void Report(WorkerProgress value) => report(value);
}
