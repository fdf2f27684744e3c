using System.Diagnostics;
using Npgsql;

namespace JobRuntime.PlatformLoad;

/// <summary>The same-run baseline on PostgreSQL: the same rows through raw Npgsql, in a table of the same shape.</summary>
internal static class RawPostgres
{
    /// <summary>A fresh database on the server of JOBRUNTIME_TEST_POSTGRES; its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var server = Environment.GetEnvironmentVariable("JOBRUNTIME_TEST_POSTGRES")
            ?? throw new InvalidOperationException("Set JOBRUNTIME_TEST_POSTGRES (scripts/test-services.sh start; source .test-services.env).");
        var name = $"bench_{Guid.NewGuid():N}"[..20];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public static async Task RunAsync(string connectionString, int items, string[] batch, int keys, Action<string, int, Stopwatch> report)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        await using (var setup = source.CreateCommand("CREATE TABLE raw_data (k bigint, idx bigint, ts bigint, data text, PRIMARY KEY (k, idx))"))
        {
            await setup.ExecuteNonQueryAsync();
        }
        var watch = Stopwatch.StartNew();
        for (var start = 0; start < items; start += batch.Length)
        {
            // One statement per 1,000 rows, as the platform's store writes a batch.
            await using var insert = source.CreateCommand(
                "INSERT INTO raw_data SELECT 1, $1 + d.n - 1, 0, d.data FROM unnest($2::text[]) WITH ORDINALITY AS d (data, n) " +
                "ON CONFLICT (k, idx) DO UPDATE SET data = excluded.data");
            insert.Parameters.AddWithValue((long)start);
            insert.Parameters.AddWithValue(batch);
            await insert.ExecuteNonQueryAsync();
        }
        report("raw PostgreSQL: rows inserted (1,000 per statement)", items, watch);
        watch.Restart();
        var rows = 0;
        await using (var read = source.CreateCommand("SELECT data FROM raw_data WHERE k = 1 ORDER BY idx"))
        await using (var reader = await read.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                _ = reader.GetString(0);
                rows++;
            }
        }
        report("raw PostgreSQL: rows read", rows, watch);
        watch.Restart();
        for (var n = 0; n < keys; n++)
        {
            await using var one = source.CreateCommand("INSERT INTO raw_data VALUES (2, $1, 0, '{}') ON CONFLICT (k, idx) DO UPDATE SET data = excluded.data");
            one.Parameters.AddWithValue((long)n);
            await one.ExecuteNonQueryAsync();
        }
        report("raw PostgreSQL: single-row autocommit inserts", keys, watch);
    }
}
