using Npgsql;

namespace JobRuntime.Queues.PostgreSql;

/// <summary>Brings a database's work-queue tables up to date, under an advisory lock, in one transaction.</summary>
internal static class PostgresQueueMigrations
{
    public static async Task ApplyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await Execute(connection, PostgresSql.MigrationsLock, cancellationToken).ConfigureAwait(false);
        await Execute(connection, PostgresSql.MigrationsTableCreate, cancellationToken).ConfigureAwait(false);
        await using (var read = new NpgsqlCommand(PostgresSql.MigrationsRead, connection))
        {
            var found = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
            foreach (var migration in PostgresSql.Migrations.Where(m => m.Version > found))
            {
                await Execute(connection, migration.Text, cancellationToken).ConfigureAwait(false);
                await using var insert = new NpgsqlCommand(PostgresSql.MigrationInsert, connection);
                insert.Parameters.AddWithValue("version", migration.Version);
                insert.Parameters.AddWithValue("name", migration.Name);
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
