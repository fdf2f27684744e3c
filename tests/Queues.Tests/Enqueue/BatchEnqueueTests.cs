using System.Runtime.CompilerServices;
using JobRuntime.Queues.Enqueue;
using JobRuntime.Queues.Tests.Backends;

namespace JobRuntime.Queues.Tests.Enqueue;

public sealed class BatchEnqueueTests(SqliteBackend backend) : IClassFixture<SqliteBackend>
{
    private WorkQueue NewQueue() => new(backend.Driver, QueueNames.Unique("b"));

    /// <summary>Three seeds of ten numbers each; multiples of 4 are already done.</summary>
    private sealed class Numbers : WorkSpecification
    {
        public override async IAsyncEnumerable<string?> TaskSeedsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var seed in new[] { "0", "1", "2" })
            {
                await Task.Yield();
                yield return seed;
            }
        }

        public override async IAsyncEnumerable<object> ListTasksAsync(string? seed, bool force, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var start = int.Parse(seed!, System.Globalization.CultureInfo.InvariantCulture) * 10;
            for (var i = start; i < start + 10; i++)
            {
                await Task.Yield();
                yield return new Dictionary<string, int> { ["my_number"] = i };
            }
        }

        public override ValueTask<bool> AlreadyDoneAsync(object task, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(((Dictionary<string, int>)task)["my_number"] % 4 == 0);
    }

    [Fact]
    public async Task Every_seed_is_listed_and_tasks_already_done_are_skipped()
    {
        var queue = NewQueue();
        var result = await queue.BatchEnqueueAsync(new Numbers(), new BatchEnqueueOptions { NumRetries = 3, BatchSize = 7 });
        Assert.Equal(new BatchEnqueueResult(30, 8, 22), result);
        Assert.Equal(22, await queue.SizeAsync());
        var first = (await queue.PeekAsync(32)).Select(m => m.Kwargs.GetProperty("my_number").GetInt32()).ToHashSet();
        Assert.DoesNotContain(first, n => n % 4 == 0);
        Assert.All(await queue.PeekAsync(32), m => Assert.Equal(3, m.NumRetries));
    }

    [Fact]
    public async Task A_forced_batch_enqueues_tasks_already_done_too()
    {
        var queue = NewQueue();
        var result = await queue.BatchEnqueueAsync(new Numbers(), new BatchEnqueueOptions { Force = true });
        Assert.Equal(new BatchEnqueueResult(30, 0, 30), result);
        Assert.Equal(30, await queue.SizeAsync());
    }

    [Fact]
    public async Task A_dry_run_counts_but_pushes_nothing()
    {
        var queue = NewQueue();
        var result = await queue.BatchEnqueueAsync(new Numbers(), new BatchEnqueueOptions { DryRun = true });
        Assert.Equal(22, result.Enqueued);
        Assert.Equal(0, await queue.SizeAsync());
    }

    [Fact]
    public async Task A_plain_list_is_enqueued_with_strings_as_commands()
    {
        var queue = NewQueue();
        var progress = new List<BatchEnqueueResult>();
        var result = await queue.BatchEnqueueAsync(new[] { "echo a", "echo b" }, new BatchEnqueueOptions { Progress = new Sync(progress.Add) });
        Assert.Equal(2, result.Enqueued);
        Assert.Equal(["echo a", "echo b"], (await queue.PeekAsync(32)).Select(m => m.Cmd).Order());
        Assert.NotEmpty(progress);
    }

    [Fact]
    public async Task Options_out_of_range_are_refused_naming_them()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => NewQueue().BatchEnqueueAsync(new[] { 1 }, new BatchEnqueueOptions { NumEnqueueWorkers = 0 }));
        Assert.Contains("NumEnqueueWorkers 0", error.Message);
    }

    private sealed class Sync(Action<BatchEnqueueResult> report) : IProgress<BatchEnqueueResult>
    {
        public void Report(BatchEnqueueResult value)
        {
            lock (this)
            {
                report(value);
            }
        }
    }
}
