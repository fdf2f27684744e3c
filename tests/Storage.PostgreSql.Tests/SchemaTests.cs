using JobRuntime.TestServices;
using Npgsql;

namespace JobRuntime.PostgreSql.Tests;

/// <summary>Our numbered migrations on a real server: once each, under the advisory lock.</summary>
public sealed class SchemaTests
{
    [Fact]
    public async Task Migrating_a_fresh_database_applies_every_script_once_and_again_applies_none()
    {
        var database = await TestServers.CreatePostgresDatabaseAsync("schema");

        var first = await PostgreSqlSchema.MigrateAsync(database);
        var second = await PostgreSqlSchema.MigrateAsync(database);

        Assert.Equal(PostgreSqlMigrations.All.Select(m => m.Name), first);
        Assert.Empty(second);
    }

    [Fact]
    public async Task Silos_migrating_at_once_apply_each_script_exactly_once()
    {
        var database = await TestServers.CreatePostgresDatabaseAsync("schema");

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => PostgreSqlSchema.MigrateAsync(database))));

        Assert.Equal(PostgreSqlMigrations.All.Select(m => m.Name).Order(), runs.SelectMany(r => r).Order());
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM jobruntime_schema_migrations", connection);
        Assert.Equal((long)PostgreSqlMigrations.Latest, (long)(await count.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Every_query_the_providers_read_is_in_the_query_table()
    {
        var database = await TestServers.CreatePostgresDatabaseAsync("schema");
        await PostgreSqlSchema.MigrateAsync(database);
        string[] expected =
        [
            "UpdateIAmAlivetimeKey", "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey",
            "MembershipReadRowKey", "MembershipReadAllKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey",
            "CleanupDefunctSiloEntriesKey", "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "DeleteStorageKey",
            "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
            "DeleteReminderRowKey", "DeleteReminderRowsKey", "QueueStreamMessageKey", "GetStreamMessagesKey",
            "ConfirmStreamMessagesKey", "FailStreamMessageKey", "EvictStreamMessagesKey", "EvictStreamDeadLettersKey",
        ];

        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand("SELECT QueryKey FROM OrleansQuery", connection);
        var keys = new List<string>();
        await using (var reader = await read.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                keys.Add(reader.GetString(0));
            }
        }

        Assert.Equal(expected.Order(), keys.Order());
    }

    [Fact]
    public async Task A_database_without_the_schema_is_refused_with_the_command_that_applies_it()
    {
        var database = await TestServers.CreatePostgresDatabaseAsync("schema");

        var e = await Assert.ThrowsAsync<PostgreSqlSchemaException>(() => PostgreSqlSchema.RequireCurrentAsync(database));

        Assert.Contains("schema version 0", e.Message, StringComparison.Ordinal);
        Assert.Contains("jobrt db migrate", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_is_reported_with_its_address_and_not_its_password()
    {
        var closed = $"Host=127.0.0.1;Port={ClosedPort()};Username=postgres;Password=hunter2;Database=x;Timeout=5";

        var e = await Assert.ThrowsAsync<PostgreSqlSchemaException>(() => PostgreSqlSchema.MigrateAsync(closed));

        Assert.True(e.Unreachable);
        Assert.Contains($"127.0.0.1:{new NpgsqlConnectionStringBuilder(closed).Port}", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", e.ToString(), StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
