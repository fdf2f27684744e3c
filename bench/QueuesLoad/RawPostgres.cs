using System.Text.Json;
using Npgsql;

namespace JobRuntime.QueuesLoad;

/// <summary>
/// The baseline on PostgreSQL: the same table and rows with Npgsql directly: one INSERT per batch,
/// then 2 loops each on its own connection taking one message with a SKIP LOCKED CTE and deleting it.
/// </summary>
internal static class RawPostgres
{
    private const string Schema = """
        CREATE TABLE raw_queue (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, queue text NOT NULL, body text NOT NULL,
            visible_at timestamptz NOT NULL DEFAULT now(), dequeue_count integer NOT NULL DEFAULT 0);
        CREATE INDEX raw_queue_visible ON raw_queue (queue, visible_at, id);
        """;

    private const string Receive = """
        WITH picked AS (SELECT id FROM raw_queue WHERE queue = 'bench' AND visible_at <= now() ORDER BY visible_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
        UPDATE raw_queue m SET visible_at = now() + interval '5 minutes', dequeue_count = m.dequeue_count + 1
        FROM picked WHERE m.id = picked.id RETURNING m.id, m.body, m.dequeue_count
        """;

    public static async Task<string> CreateDatabaseAsync(string server)
    {
        var name = $"queues_bench_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public static async Task<Timings> RunAsync(string connectionString, int tasks, int batch)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        await using (var setup = source.CreateCommand(Schema))
        {
            await setup.ExecuteNonQueryAsync();
        }
        await Console.Error.WriteLineAsync("raw postgres:");
        return await Timings.MeasureAsync(tasks,
            async () =>
            {
                for (var start = 0; start < tasks; start += batch)
                {
                    var bodies = Enumerable.Range(start, Math.Min(batch, tasks - start))
                        .Select(i => JobRuntime.Queues.QueueMessage.FromObject(new { n = i }, numRetries: 0, randomId: true).ToJson()).ToArray();
                    await using var insert = source.CreateCommand("INSERT INTO raw_queue (queue, body) SELECT 'bench', b FROM unnest(@bodies::text[]) AS b");
                    insert.Parameters.AddWithValue("bodies", bodies);
                    await insert.ExecuteNonQueryAsync();
                }
            },
            () => Task.WhenAll(Enumerable.Range(0, 2).Select(_ => WorkAsync(source))),
            async () =>
            {
                await using var count = source.CreateCommand("SELECT count(*) FROM raw_queue");
                return (long)(await count.ExecuteScalarAsync())!;
            });
    }

    private static async Task WorkAsync(NpgsqlDataSource source)
    {
        await using var connection = await source.OpenConnectionAsync();
        while (true)
        {
            long id;
            int count;
            await using (var receive = new NpgsqlCommand(Receive, connection))
            await using (var reader = await receive.ExecuteReaderAsync())
            {
                if (!await reader.ReadAsync())
                {
                    return;
                }
                id = reader.GetInt64(0);
                _ = JsonDocument.Parse(reader.GetString(1)).RootElement.GetProperty("kwargs");
                count = reader.GetInt32(2);
            }
            await using var delete = new NpgsqlCommand("DELETE FROM raw_queue WHERE id = @id AND dequeue_count = @count", connection);
            delete.Parameters.AddWithValue("id", id);
            delete.Parameters.AddWithValue("count", count);
            await delete.ExecuteNonQueryAsync();
        }
    }
}
