using Npgsql;

namespace JobRuntime.PostgreSql.Platform;

/// <summary>
/// The connection pool the crawling platform's PostgreSQL stores share (one per silo). Each write
/// runs in a transaction of its own; the grains that own the rows (a project's queue, a job, a
/// collection, a frontier slot) serialize the writes to them across the cluster.
/// </summary>
public sealed class PostgresPlatformDatabase : IAsyncDisposable
{
    /// <summary>Opens a pool on the database (its schema must be applied: <see cref="PostgreSqlSchema.MigrateAsync"/>).</summary>
    public PostgresPlatformDatabase(string connectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    internal NpgsqlDataSource DataSource { get; }

    internal async Task<T> ReadAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await work(connection).ConfigureAwait(false);
    }

    internal async Task<T> WriteAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var result = await work(connection, transaction).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
