using JobRuntime.Sqlite.Engine;
using Microsoft.Data.Sqlite;
using static JobRuntime.Sqlite.Tests.Fixtures;

namespace JobRuntime.Sqlite.Tests;

public sealed class SqliteMigrationTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_new_file_is_migrated_to_the_latest_schema_version()
    {
        var path = _folder.File("new.db");
        await using (var db = Open(path))
        {
            await db.FlushAsync();
        }

        Assert.Equal(SqliteMigrations.Latest, UserVersion(path));
        Assert.True(SqliteMigrations.Latest >= 4);
    }

    [Fact]
    public async Task A_version_1_file_keeps_its_events_and_never_reissues_their_sequence_numbers()
    {
        var path = _folder.File("v1.db");
        using (var v1 = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            v1.Open();
            Execute(v1, SqlResources.Read("Migrations/0001_initial.sql"));
            Execute(v1, "INSERT INTO stream_events (provider, namespace, key, payload, appended) VALUES ('durable', 'results', 'job-1', x'01', 1), ('durable', 'results', 'job-1', x'02', 2), ('durable', 'results', 'job-1', x'03', 3);");
            // Version 1's AUTOINCREMENT remembered seq 3 even after the newest event was deleted.
            Execute(v1, "DELETE FROM stream_events WHERE seq = 3;");
        }

        await using var db = Open(path);
        var store = new SqliteStreamStore(db);
        var kept = await store.ReadAsync("durable", StreamId.Create("results", "job-1"), 0, 10);
        var next = await store.AppendAsync("durable", StreamId.Create("results", "job-1"), [[4]]);

        Assert.Equal([1L, 2L], kept.Select(e => e.Sequence));
        Assert.Equal(4, next[0]);
        Assert.Equal(SqliteMigrations.Latest, UserVersion(path));
    }

    [Fact]
    public async Task A_version_3_file_drops_its_old_reminders_and_stream_subscriptions_and_keeps_grain_state()
    {
        var path = _folder.File("v3.db");
        using (var v3 = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            v3.Open();
            foreach (var migration in new[] { "0001_initial", "0002_stream_events_without_autoincrement", "0003_task_queues" })
            {
                Execute(v3, SqlResources.Read($"Migrations/{migration}.sql"));
            }
            Execute(v3, "INSERT INTO reminders (grain_type, grain_key, name, start_at, period) VALUES ('counter', 'a', 'tick', 0, 600000000);");
            Execute(v3, "INSERT INTO stream_subscriptions (provider, handle_id, namespace, key, subscriber, cursor, is_implicit) VALUES ('durable', 'h', 'results', 'job-1', 'counter/a', 0, 0);");
            Execute(v3, "INSERT INTO grain_state (store, grain_type, grain_key, state_name, etag, payload, modified) VALUES ('Default', 'counter', 'a', 'counter', 7, x'00', '2026-11-30T00:00:00Z');");
        }

        await using var db = Open(path);
        var reminders = new SqliteReminderTable(db);
        var kept = await reminders.ReadRows(0, 0);
        await reminders.UpsertRow(new ReminderEntry { GrainId = Grain("a"), ReminderName = "tick", StartAt = DateTime.UtcNow, Period = TimeSpan.FromMinutes(1) });

        Assert.Empty(kept.Reminders);
        Assert.NotNull(await reminders.ReadRow(Grain("a"), "tick"));
        Assert.Equal(0L, Scalar(path, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'stream_subscriptions';"));
        Assert.Equal(7L, Scalar(path, "SELECT etag FROM grain_state WHERE grain_key = 'a';"));
        Assert.Equal(SqliteMigrations.Latest, UserVersion(path));
    }

    private static long Scalar(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private static long UserVersion(string path) => Scalar(path, "PRAGMA user_version;");

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
