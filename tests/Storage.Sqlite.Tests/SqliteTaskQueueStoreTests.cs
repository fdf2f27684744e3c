using JobRuntime.Sqlite.Engine;
using JobRuntime.Storage;
using Microsoft.Data.Sqlite;

namespace JobRuntime.Sqlite.Tests;

public sealed class SqliteTaskQueueStoreTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
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

    [Fact]
    public void The_bundled_sqlite_has_update_from_returning_json_arrows_and_unhex()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sqlite_version(), unhex('00ff') = X'00FF', '{\"a\":1}' ->> 'a', typeof(unhex(''))";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        var version = Version.Parse(reader.GetString(0));
        output.WriteLine($"sqlite_version() = {version}");
        // UPDATE ... FROM 3.33, RETURNING 3.35, ->> 3.38, unhex 3.41.
        Assert.True(version >= new Version(3, 41), $"SQLite {version}");
        Assert.Equal((1L, 1L, "blob"), (reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3)));
    }

    [Theory]
    [InlineData("TaskCompleteMany")]
    [InlineData("TaskReleaseMany")]
    public async Task A_batch_statement_finds_each_task_by_its_key(string statement)
    {
        var path = _folder.File("batch-plans.db");
        await using (var database = Fixtures.Open(path))
        {
            await database.FlushAsync(); // runs the migrations
        }
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + SqlResources.Read($"Sql/{statement}.sql");
        var plan = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                plan.Add(reader.GetString(3));
            }
        }
        // One primary-key search per item of the batch, never a walk over the queue.
        Assert.Contains(plan, p => p.StartsWith("SEARCH tasks USING PRIMARY KEY (queue_id=? AND idx=?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, p => p.StartsWith("SCAN tasks", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_batch_whose_leases_were_partly_lost_records_only_the_others_and_appends_their_events_in_order()
    {
        await using var database = Fixtures.Open(_folder.File("partial.db"));
        var store = new SqliteTaskQueueStore(database);
        await store.CreateQueueAsync(new TaskQueueRecord("q", "alice", 1, "active", "{}"u8.ToArray(), 0, 0, 0, 0, default, default, null));
        Assert.Equal(0, await store.AppendTasksAsync("q", [.. Enumerable.Range(0, 6).Select(i => System.Text.Encoding.UTF8.GetBytes($"{i}"))]));
        var now = DateTimeOffset.UtcNow;
        var w1 = await store.LeaseTasksAsync("q", "w1", 10, now, now.AddMilliseconds(1));
        Assert.Equal([0L, 1, 2, 3, 4, 5], w1.Select(t => t.Index));
        // w1's leases ran out; w2 takes tasks 0 and 1 and records task 0 first (seq 1).
        var w2 = await store.LeaseTasksAsync("q", "w2", 2, now.AddSeconds(1), now.AddSeconds(60));
        Assert.Equal([0L, 1], w2.Select(t => t.Index));
        Assert.Equal([("results", 1L)], await store.RecordOutcomesAsync("q", "w2", "jobs", [new(0, w2[0].Attempt, false, "\"w2\""u8.ToArray(), null, 5, "results", "{\"task\":0}"u8.ToArray())]));

        // Payloads that JSON must escape: quotes, backslashes, non-ASCII, a newline; and bytes that are not UTF-8.
        byte[] Tricky(int i) => System.Text.Encoding.UTF8.GetBytes($"{{\"task\":{i},\"text\":\"say \\\"h\u00e9\u2603\\\" \\\\ \\n\",\"raw\":\"line\nbreak \U0001F600\"}}");
        byte[] detail2 = Tricky(2), detail3 = Tricky(3), detail5 = Tricky(5);
        byte[] log2 = [0x00, 0xFF, 0x22, 0x5C, 0x0A, 0xC3], log5 = [];
        var batch = new List<TaskOutcomeRecord>
        {
            new(0, w1[0].Attempt, false, "\"late\""u8.ToArray(), null, 100, "results", "{\"task\":\"0 late\"}"u8.ToArray()), // w2 holds it
            new(1, w1[1].Attempt, false, "\"late\""u8.ToArray(), null, 100, "results", "{\"task\":\"1 late\"}"u8.ToArray()), // w2 holds it
            new(2, w1[2].Attempt, false, detail2, log2, 7, "results", Tricky(20)),
            new(3, w1[3].Attempt, true, detail3, null, 11, "results", Tricky(30)),
            new(3, w1[3].Attempt, false, "\"again\""u8.ToArray(), null, 100, "results", "{\"task\":\"3 again\"}"u8.ToArray()), // ended already
            new(4, w1[4].Attempt - 1, false, "\"stale\""u8.ToArray(), null, 100, "results", "{\"task\":\"4 stale\"}"u8.ToArray()), // an older attempt
            new(5, w1[5].Attempt - 1, false, "\"stale\""u8.ToArray(), null, 100, "logs", "{\"task\":\"5 stale\"}"u8.ToArray()), // an older attempt
            new(5, w1[5].Attempt, false, detail5, log5, 13, "logs", Tricky(50)),
        };
        var last = await store.RecordOutcomesAsync("q", "w1", "jobs", batch);
        Assert.Equal([("results", 3L), ("logs", 4L)], last);

        // The queue's counters count the recorded outcomes only.
        var queue = await store.GetQueueAsync("q");
        Assert.Equal((6L, 3L, 1L, 5L + 7 + 11 + 13), (queue!.Total, queue.Finished, queue.Failed, queue.ComputeMilliseconds));
        Assert.NotNull(queue.LastOutcome);

        // Each task holds the outcome of the lease that recorded it, byte for byte.
        async Task AssertTask(long index, int state, byte[] outcome, byte[]? log)
        {
            var task = await store.GetTaskAsync("q", index);
            Assert.NotNull(task);
            Assert.Equal(state, task.State);
            Assert.Equal(outcome, task.Outcome);
            Assert.Equal(log, task.Log);
        }
        await AssertTask(0, 2, "\"w2\""u8.ToArray(), null);
        Assert.Equal(1, (await store.GetTaskAsync("q", 1))!.State); // still w2's
        await AssertTask(2, 2, detail2, log2);
        await AssertTask(3, 3, detail3, null);
        Assert.Equal(1, (await store.GetTaskAsync("q", 4))!.State); // the stale outcome was not recorded
        await AssertTask(5, 2, detail5, log5);

        // Only the recorded tasks' events were appended: in task order, with consecutive seqs, exact bytes.
        var results = await store.ReadStreamAsync("jobs", "results", "q", 0, 100);
        Assert.Equal([1L, 2, 3], results.Select(e => e.Sequence));
        Assert.Equal("{\"task\":0}"u8.ToArray(), results[0].Payload);
        Assert.Equal(Tricky(20), results[1].Payload);
        Assert.Equal(Tricky(30), results[2].Payload);
        var logs = await store.ReadStreamAsync("jobs", "logs", "q", 0, 100);
        Assert.Equal([4L], logs.Select(e => e.Sequence));
        Assert.Equal(Tricky(50), logs[0].Payload);

        // The stored column types are unchanged: BLOBs.
        using var connection = new SqliteConnection($"Data Source={_folder.File("partial.db")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT group_concat(DISTINCT typeof(payload)) FROM stream_events), (SELECT group_concat(DISTINCT typeof(outcome)) FROM tasks WHERE state > 1), (SELECT typeof(log) FROM tasks WHERE idx = 5)";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(("blob", "blob", "blob"), (reader.GetString(0), reader.GetString(1), reader.GetString(2)));

        // Nothing was recorded twice: a second delivery of the same batch changes nothing.
        Assert.Empty(await store.RecordOutcomesAsync("q", "w1", "jobs", batch));
        Assert.Equal(4L, (await store.ReadStreamAsync("jobs", "logs", "q", 0, 100))[^1].Sequence);
    }

    [Fact]
    public async Task Releasing_gives_back_only_the_tasks_still_under_the_lease_they_were_leased_with()
    {
        await using var database = Fixtures.Open(_folder.File("release.db"));
        var store = new SqliteTaskQueueStore(database);
        await store.CreateQueueAsync(new TaskQueueRecord("q", "alice", 1, "active", "{}"u8.ToArray(), 0, 0, 0, 0, default, default, null));
        await store.AppendTasksAsync("q", ["1"u8.ToArray(), "2"u8.ToArray(), "3"u8.ToArray()]);
        var now = DateTimeOffset.UtcNow;
        var w1 = await store.LeaseTasksAsync("q", "w1", 10, now, now.AddMilliseconds(1));
        var w2 = await store.LeaseTasksAsync("q", "w2", 1, now.AddSeconds(1), now.AddSeconds(60)); // takes task 0
        Assert.Equal(0, Assert.Single(w2).Index);
        await store.ReleaseTasksAsync("q", "w1", [.. w1, w1[1]]);
        Assert.Equal((1, 2), ((await store.GetTaskAsync("q", 0))!.State, (await store.GetTaskAsync("q", 0))!.Attempts));
        Assert.Equal((0, 0), ((await store.GetTaskAsync("q", 1))!.State, (await store.GetTaskAsync("q", 1))!.Attempts));
        Assert.Equal((0, 0), ((await store.GetTaskAsync("q", 2))!.State, (await store.GetTaskAsync("q", 2))!.Attempts));
    }

    public void Dispose() => _folder.Dispose();
}
