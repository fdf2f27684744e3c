using JobRuntime.Sqlite.Engine;
using JobRuntime.Storage;
using Microsoft.Data.Sqlite;

namespace JobRuntime.Sqlite.Tests;

public sealed class SqliteTaskQueueStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Theory]
    [InlineData("TaskLease")]
    [InlineData("TaskQueueReadRunnable")]
    public async Task Finding_open_tasks_walks_the_open_task_index_not_the_whole_queue(string statement)
    {
        var path = _folder.File("plans.db");
        await using (var database = Fixtures.Open(path))
        {
            await database.FlushAsync(); // runs the migrations
        }
        var text = SqlResources.Read($"Sql/{statement}.sql");
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + text;
        var plan = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                plan.Add(reader.GetString(3));
            }
        }
        // Both searches for open tasks (pending, and leased with an expired lease) use tasks_open.
        Assert.True(plan.Count(p => p.Contains("INDEX tasks_open", StringComparison.Ordinal)) >= 2, string.Join("\n", plan));
    }

    [Fact]
    public async Task An_outcome_is_recorded_once_and_only_under_the_current_lease()
    {
        await using var database = Fixtures.Open(_folder.File("queue.db"));
        var store = new SqliteTaskQueueStore(database);
        await store.CreateQueueAsync(new TaskQueueRecord("q", "alice", 1, "active", "{}"u8.ToArray(), 0, 0, 0, 0, default, default, null));
        Assert.Equal(0, await store.AppendTasksAsync("q", ["1"u8.ToArray(), "2"u8.ToArray()]));
        var now = DateTimeOffset.UtcNow;
        var first = await store.LeaseTasksAsync("q", "w1", 10, now, now.AddMilliseconds(1));
        Assert.Equal(2, first.Count);
        // The lease ran out: another worker takes the tasks.
        var second = await store.LeaseTasksAsync("q", "w2", 10, now.AddSeconds(1), now.AddSeconds(60));
        Assert.Equal(2, second.Count);
        TaskOutcomeRecord Outcome(LeasedTask t) => new(t.Index, t.Attempt, false, "2"u8.ToArray(), null, 1, "results", "2"u8.ToArray());
        // The first worker's late outcomes are ignored; the holder's are recorded once.
        Assert.Empty(await store.RecordOutcomesAsync("q", "w1", "jobs", [.. first.Select(Outcome)]));
        Assert.Single(await store.RecordOutcomesAsync("q", "w2", "jobs", [.. second.Select(Outcome)]));
        Assert.Empty(await store.RecordOutcomesAsync("q", "w2", "jobs", [.. second.Select(Outcome)]));
        var queue = await store.GetQueueAsync("q");
        Assert.Equal((2L, 2L, 0L), (queue!.Total, queue.Finished, queue.Failed));
        Assert.Empty(await store.ListRunnableAsync(now.AddSeconds(1)));
    }

    public void Dispose() => _folder.Dispose();
}
