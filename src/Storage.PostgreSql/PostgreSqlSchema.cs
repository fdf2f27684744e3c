using System.Globalization;
using System.Net.Sockets;
using Npgsql;

namespace JobRuntime.PostgreSql;

/// <summary>
/// Brings a PostgreSQL database to the schema Orleans' ADO.NET providers need (clustering, grain
/// storage, reminders, streams), with JobRuntime's own scripts. Idempotent and safe to run from
/// every silo at once: the scripts run one at a time under a session advisory lock, each in its
/// own transaction together with its row in <c>jobruntime_schema_migrations</c>.
/// </summary>
public static class PostgreSqlSchema
{
    // The advisory lock key: "jobrt" in ASCII, the same in every process that migrates.
    private const long LockKey = 0x6A_6F_62_72_74;

    /// <summary>The address (<c>host:port</c>) a connection string points at, without credentials.</summary>
    public static string AddressOf(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Host ?? "localhost"}:{builder.Port.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>
    /// Applies the scripts the database has not had yet. Returns the names of those applied now
    /// (none when it was up to date).
    /// </summary>
    /// <exception cref="PostgreSqlSchemaException">The server cannot be reached, a script failed, or the database is newer than this build.</exception>
    public static async Task<IReadOnlyList<string>> MigrateAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        var address = AddressOf(connectionString);
        await using var connection = await OpenAsync(connectionString, address, cancellationToken).ConfigureAwait(false);
        try
        {
            await ExecuteAsync(connection, "SELECT pg_advisory_lock(" + LockKey.ToString(CultureInfo.InvariantCulture) + ")", cancellationToken).ConfigureAwait(false);
            try
            {
                return await ApplyPendingAsync(connection, address, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await ExecuteAsync(connection, "SELECT pg_advisory_unlock(" + LockKey.ToString(CultureInfo.InvariantCulture) + ")", CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (PostgresException e)
        {
            throw new PostgreSqlSchemaException($"The JobRuntime schema could not be applied to PostgreSQL at {address}: {e.MessageText} ({e.SqlState}).", e) { Address = address };
        }
    }

    /// <summary>
    /// Checks that the database has every script of this build, without changing it (for silos
    /// that do not migrate at start-up).
    /// </summary>
    /// <exception cref="PostgreSqlSchemaException">The server cannot be reached, or the schema is missing or behind.</exception>
    public static async Task RequireCurrentAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        var address = AddressOf(connectionString);
        await using var connection = await OpenAsync(connectionString, address, cancellationToken).ConfigureAwait(false);
        var version = 0;
        await using (var exists = new NpgsqlCommand("SELECT to_regclass('jobruntime_schema_migrations') IS NOT NULL", connection))
        {
            if ((bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                await using var read = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM jobruntime_schema_migrations", connection);
                version = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            }
        }
        if (version < PostgreSqlMigrations.Latest)
        {
            throw new PostgreSqlSchemaException(
                $"The PostgreSQL database at {address} has JobRuntime schema version {version}; this build needs {PostgreSqlMigrations.Latest}. " +
                "Apply it with: jobrt db migrate --provider PostgreSQL --connection-string \"...\"") { Address = address };
        }
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString, string address, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new PostgreSqlSchemaException($"Cannot reach PostgreSQL at {address}: {e.Message}", e) { Address = address, Unreachable = true };
        }
    }

    private static async Task<IReadOnlyList<string>> ApplyPendingAsync(NpgsqlConnection connection, string address, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, """
            CREATE TABLE IF NOT EXISTS jobruntime_schema_migrations (
                version    integer     NOT NULL PRIMARY KEY,
                name       text        NOT NULL,
                applied_on timestamptz NOT NULL DEFAULT now())
            """, cancellationToken).ConfigureAwait(false);
        var applied = new HashSet<int>();
        await using (var read = new NpgsqlCommand("SELECT version FROM jobruntime_schema_migrations", connection))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                applied.Add(reader.GetInt32(0));
            }
        }
        if (applied.Count > 0 && applied.Max() > PostgreSqlMigrations.Latest)
        {
            throw new PostgreSqlSchemaException(
                $"The PostgreSQL database at {address} has JobRuntime schema version {applied.Max()}, newer than this build knows ({PostgreSqlMigrations.Latest}).") { Address = address };
        }
        var done = new List<string>();
        foreach (var migration in PostgreSqlMigrations.All.Where(m => !applied.Contains(m.Version)))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var script = new NpgsqlCommand(migration.Text, connection, transaction))
            {
                await script.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await using (var record = new NpgsqlCommand("INSERT INTO jobruntime_schema_migrations (version, name) VALUES ($1, $2)", connection, transaction))
            {
                record.Parameters.Add(new NpgsqlParameter { Value = migration.Version });
                record.Parameters.Add(new NpgsqlParameter { Value = migration.Name });
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            done.Add(migration.Name);
        }
        return done;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
