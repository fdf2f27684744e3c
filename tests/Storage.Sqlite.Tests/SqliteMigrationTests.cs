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
        Assert.True(SqliteMigrations.Latest >= 2);
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

    private static long UserVersion(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        return (long)command.ExecuteScalar()!;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
