using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace JobRuntime.QueuesLoad;

/// <summary>
/// The baseline on SQLite: the same table and rows, written with Microsoft.Data.Sqlite directly
/// (WAL, synchronous=NORMAL as the engine sets it): one INSERT per batch, then 2 loops each on its
/// own connection taking one message (UPDATE ... RETURNING) and deleting it, a transaction each.
/// </summary>
internal static class RawSqlite
{
    private const string Schema = """
        PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
        CREATE TABLE work_queue_messages (id INTEGER PRIMARY KEY, queue TEXT NOT NULL, body TEXT NOT NULL,
            visible_at INTEGER NOT NULL, dequeue_count INTEGER NOT NULL DEFAULT 0, inserted INTEGER NOT NULL);
        CREATE INDEX work_queue_messages_visible ON work_queue_messages (queue, visible_at, id);
        """;

    private const string Insert = "INSERT INTO work_queue_messages (queue, body, visible_at, inserted) SELECT 'bench', value, @now, @now FROM json_each(@bodies)";

    private const string Receive = """
        UPDATE work_queue_messages SET visible_at = @until, dequeue_count = dequeue_count + 1
        WHERE id IN (SELECT id FROM work_queue_messages WHERE queue = 'bench' AND visible_at <= @now ORDER BY visible_at, id LIMIT 1)
        RETURNING id, body, dequeue_count
        """;

    private const string Delete = "DELETE FROM work_queue_messages WHERE id = @id AND dequeue_count = @count";

    public static async Task<Timings> RunAsync(int tasks, int batch)
    {
        var directory = Directory.CreateTempSubdirectory("jobruntime-queues-raw-").FullName;
        var connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, "raw.db"), Pooling = false, DefaultTimeout = 30 }.ToString();
        await using (var setup = Open(connectionString))
        {
            Execute(setup, Schema);
        }
        await Console.Error.WriteLineAsync("raw sqlite:");
        try
        {
            return await Timings.MeasureAsync(tasks,
                () => Task.Run(() =>
                {
                    using var connection = Open(connectionString);
                    for (var start = 0; start < tasks; start += batch)
                    {
                        var bodies = JsonSerializer.Serialize(Enumerable.Range(start, Math.Min(batch, tasks - start))
                            .Select(i => JobRuntime.Queues.QueueMessage.FromObject(new { n = i }, numRetries: 0, randomId: true).ToJson()));
                        using var command = connection.CreateCommand();
                        command.CommandText = Insert;
                        command.Parameters.AddWithValue("@bodies", bodies);
                        command.Parameters.AddWithValue("@now", Now());
                        command.ExecuteNonQuery();
                    }
                }),
                () => Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => Work(connectionString)))),
                () => Task.FromResult((long)Count(connectionString)));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void Work(string connectionString)
    {
        using var connection = Open(connectionString);
        using var receive = connection.CreateCommand();
        receive.CommandText = Receive;
        var now = receive.Parameters.Add("@now", SqliteType.Integer);
        var until = receive.Parameters.Add("@until", SqliteType.Integer);
        using var delete = connection.CreateCommand();
        delete.CommandText = Delete;
        var id = delete.Parameters.Add("@id", SqliteType.Integer);
        var count = delete.Parameters.Add("@count", SqliteType.Integer);
        while (true)
        {
            now.Value = Now();
            until.Value = Now() + 300_000;
            using (var reader = receive.ExecuteReader())
            {
                if (!reader.Read())
                {
                    return;
                }
                id.Value = reader.GetInt64(0);
                _ = JsonDocument.Parse(reader.GetString(1)).RootElement.GetProperty("kwargs");
                count.Value = reader.GetInt32(2);
            }
            delete.ExecuteNonQuery();
        }
    }

    private static int Count(string connectionString)
    {
        using var connection = Open(connectionString);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM work_queue_messages";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static SqliteConnection Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        Execute(connection, "PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 30000;");
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
