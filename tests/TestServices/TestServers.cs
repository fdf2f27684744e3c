using Npgsql;

namespace JobRuntime.TestServices;

/// <summary>
/// The servers scripts/test-services.sh started for this test run. A test that needs one and
/// does not find it fails with a message saying how to start it; nothing is skipped.
/// </summary>
public static class TestServers
{
    private const string PostgresVariable = "JOBRUNTIME_TEST_POSTGRES";
    private const string AzureStorageVariable = "JOBRUNTIME_TEST_AZURE_STORAGE";

    /// <summary>An Npgsql connection string to a superuser on the test PostgreSQL server.</summary>
    public static string Postgres => Require(PostgresVariable, "PostgreSQL");

    /// <summary>An Azure Storage connection string naming Azurite's blob, queue and table endpoints.</summary>
    public static string AzureStorage => Require(AzureStorageVariable, "Azurite");

    /// <summary>
    /// Creates an empty database with a unique name on the test server and returns a connection
    /// string to it, so that every test (or test class) has a store of its own.
    /// </summary>
    public static async Task<string> CreatePostgresDatabaseAsync(string prefix = "test")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)].ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(Postgres))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(Postgres) { Database = name }.ConnectionString;
    }

    /// <summary>A name unique to one test, usable as a table prefix, queue name or cluster id on Azurite.</summary>
    public static string UniqueAzureName(string prefix = "t") => $"{prefix}{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 20, 40)];

    private static string Require(string variable, string server) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{server} is not running for this test run: {variable} is not set. Run the tests with ./test.sh, " +
                "or run scripts/test-services.sh start and source .test-services.env first.");
}
