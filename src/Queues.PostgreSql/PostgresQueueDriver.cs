using JobRuntime.Storage.Queues;
using Npgsql;

namespace JobRuntime.Queues.PostgreSql;

/// <summary>
/// Work queues in a PostgreSQL database (table <c>jobrt_queue_messages</c>, migrations recorded in
/// <c>jobrt_queue_migrations</c>, applied on first use). Receives pick visible rows with
/// <c>FOR UPDATE SKIP LOCKED</c>, so concurrent workers never wait for each other; a move is one
/// statement. Times are the server's.
/// </summary>
public sealed class PostgresQueueDriver : IQueueDriver, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly SemaphoreSlim _migrate = new(1, 1);
    private volatile bool _migrated;

    /// <summary>Creates the driver over a connection string.</summary>
    public PostgresQueueDriver(string connectionString)
        : this(NpgsqlDataSource.Create(connectionString), ownsDataSource: true)
    {
    }

    /// <summary>Creates the driver over a data source (not disposed with the driver).</summary>
    public PostgresQueueDriver(NpgsqlDataSource dataSource)
        : this(dataSource, ownsDataSource: false)
    {
    }

    private PostgresQueueDriver(NpgsqlDataSource dataSource, bool ownsDataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
    }

    /// <inheritdoc/>
    public async Task QueueCreateAsync(QueueCreateParams parameters, CancellationToken cancellationToken = default) =>
        await EnsureMigratedAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public async Task<long> QueueCountAsync(QueueCountParams parameters, CancellationToken cancellationToken = default)
    {
        await using var command = await CommandAsync(PostgresSql.Count, cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue("queue", parameters.Queue);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <inheritdoc/>
    public async Task QueueClearAsync(QueueClearParams parameters, CancellationToken cancellationToken = default)
    {
        await using var command = await CommandAsync(PostgresSql.Clear, cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue("queue", parameters.Queue);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task MessageSendManyAsync(MessageSendManyParams parameters, CancellationToken cancellationToken = default)
    {
        if (parameters.Bodies.Count == 0)
        {
            return;
        }
        await using var command = await CommandAsync(PostgresSql.SendMany, cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue("queue", parameters.Queue);
        command.Parameters.AddWithValue("bodies", parameters.Bodies.ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<LeasedMessage>> MessageReceiveAsync(MessageReceiveParams parameters, CancellationToken cancellationToken = default)
    {
        await using var command = await CommandAsync(PostgresSql.Receive, cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue("queue", parameters.Queue);
        command.Parameters.AddWithValue("max", parameters.Max);
        command.Parameters.AddWithValue("visibility", parameters.VisibilityTimeout.TotalSeconds);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var received = new List<(long Id, LeasedMessage Message)>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var receipt = new QueueReceipt(reader.GetInt64(0), reader.GetInt32(2));
            received.Add((receipt.Id, new LeasedMessage(reader.GetString(1), receipt.ToString(), receipt.DequeueCount)));
        }
        return received.OrderBy(r => r.Id).Select(r => r.Message).ToArray();
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<string>> MessagePeekAsync(MessagePeekParams parameters, CancellationToken cancellationToken = default)
    {
        await using var command = await CommandAsync(PostgresSql.Peek, cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue("queue", parameters.Queue);
        command.Parameters.AddWithValue("max", parameters.Max);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var bodies = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            bodies.Add(reader.GetString(0));
        }
        return bodies;
    }

    /// <inheritdoc/>
    public async Task<string?> MessageRenewAsync(MessageRenewParams parameters, CancellationToken cancellationToken = default)
    {
        if (!QueueReceipt.TryParse(parameters.Receipt, out var receipt))
        {
            return null;
        }
        await using var command = await CommandAsync(PostgresSql.Renew, cancellationToken).ConfigureAwait(false);
        Bind(command, parameters.Queue, receipt);
        command.Parameters.AddWithValue("visibility", parameters.VisibilityTimeout.TotalSeconds);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1 ? parameters.Receipt : null;
    }

    /// <inheritdoc/>
    public async Task<bool> MessageDeleteAsync(MessageDeleteParams parameters, CancellationToken cancellationToken = default)
    {
        if (!QueueReceipt.TryParse(parameters.Receipt, out var receipt))
        {
            return false;
        }
        await using var command = await CommandAsync(PostgresSql.Delete, cancellationToken).ConfigureAwait(false);
        Bind(command, parameters.Queue, receipt);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc/>
    public async Task<bool> MessageMoveAsync(MessageMoveParams parameters, CancellationToken cancellationToken = default)
    {
        if (!QueueReceipt.TryParse(parameters.Receipt, out var receipt))
        {
            return false;
        }
        await using var command = await CommandAsync(PostgresSql.Move, cancellationToken).ConfigureAwait(false);
        Bind(command, parameters.Queue, receipt);
        command.Parameters.AddWithValue("target", parameters.TargetQueue);
        command.Parameters.AddWithValue("body", parameters.Body);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
        _migrate.Dispose();
    }

    private static void Bind(NpgsqlCommand command, string queue, QueueReceipt receipt)
    {
        command.Parameters.AddWithValue("queue", queue);
        command.Parameters.AddWithValue("id", receipt.Id);
        command.Parameters.AddWithValue("count", receipt.DequeueCount);
    }

    private async Task<NpgsqlCommand> CommandAsync(string sql, CancellationToken cancellationToken)
    {
        await EnsureMigratedAsync(cancellationToken).ConfigureAwait(false);
        return _dataSource.CreateCommand(sql);
    }

    private async Task EnsureMigratedAsync(CancellationToken cancellationToken)
    {
        if (_migrated)
        {
            return;
        }
        await _migrate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_migrated)
            {
                await PostgresQueueMigrations.ApplyAsync(_dataSource, cancellationToken).ConfigureAwait(false);
                _migrated = true;
            }
        }
        finally
        {
            _migrate.Release();
        }
    }
}
