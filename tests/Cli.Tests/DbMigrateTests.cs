using JobRuntime.PostgreSql;
using JobRuntime.TestServices;

namespace JobRuntime.Cli.Tests;

/// <summary><c>jobrt db migrate</c> against the test PostgreSQL server.</summary>
public sealed class DbMigrateTests
{
    [Fact]
    public async Task Db_migrate_applies_every_script_to_a_fresh_database_then_none()
    {
        var database = await TestServers.CreatePostgresDatabaseAsync("cli");

        var first = await CliRunner.RunAsync(["db", "migrate", "--provider", "PostgreSQL", "--connection-string", database]);
        var second = await CliRunner.RunAsync(["db", "migrate", "--provider", "PostgreSQL", "--connection-string", database]);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(PostgreSqlMigrations.All.Select(m => $"applied {m.Name}"), first.Lines.SkipLast(1));
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal([$"PostgreSQL at {PostgreSqlSchema.AddressOf(database)} is at JobRuntime schema version {PostgreSqlMigrations.Latest}."], second.Lines);
    }

    [Fact]
    public async Task Db_migrate_reads_the_connection_string_from_the_environment()
    {
        var database = await TestServers.CreatePostgresDatabaseAsync("cli");

        var result = await CliRunner.RunAsync(["db", "migrate", "--provider", "postgresql"],
            variables: new Dictionary<string, string> { ["JobRuntime__Cluster__ConnectionString"] = database });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(PostgreSqlMigrations.All.Count + 1, result.Lines.Length);
    }

    [Fact]
    public async Task Db_migrate_against_a_closed_port_fails_naming_the_address()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await CliRunner.RunAsync(["db", "migrate", "--provider", "PostgreSQL", "--connection-string", $"Host=127.0.0.1;Port={port};Username=postgres;Timeout=5"]);

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains($"Cannot reach PostgreSQL at 127.0.0.1:{port}", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Db_migrate_of_an_unknown_provider_is_a_usage_error()
    {
        var result = await CliRunner.RunAsync(["db", "migrate", "--provider", "Oracle", "--connection-string", "x"]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--provider must be PostgreSQL or AzureStorage; it is 'Oracle'.", result.Error, StringComparison.Ordinal);
    }
}
