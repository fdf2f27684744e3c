using System.Globalization;
using System.Text.Json;
using JobRuntime.Sqlite.Engine;
using JobRuntime.Storage.Queues;

namespace JobRuntime.Sqlite.Queues;

/// <summary>
/// Work queues in a <see cref="SqliteDatabase"/> (table <c>work_queue_messages</c>). Writes go
/// through the group-commit writer, so concurrent workers share transactions; a move deletes the
/// old message and inserts the new one in one transaction. Times come from the database's clock.
/// </summary>
public sealed class SqliteQueueDriver : IQueueDriver
{
    private readonly SqliteDatabase _database;

    /// <summary>Creates the driver over a shared database.</summary>
    public SqliteQueueDriver(SqliteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    private long Now => _database.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    /// <inheritdoc/>
    public Task QueueCreateAsync(QueueCreateParams parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return _database.FlushAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public Task<long> QueueCountAsync(QueueCountParams parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return _database.ReadAsync(
            session => Convert.ToInt64(session.Command(WorkQueueSql.Count).Bind("@queue", parameters.Queue).ExecuteScalar(), CultureInfo.InvariantCulture),
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task QueueClearAsync(QueueClearParams parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return _database.WriteAsync(
            session => session.Command(WorkQueueSql.Clear).Bind("@queue", parameters.Queue).ExecuteNonQuery(),
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task MessageSendManyAsync(MessageSendManyParams parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Bodies.Count == 0)
        {
            return Task.CompletedTask;
        }
        var bodies = JsonSerializer.Serialize(parameters.Bodies);
        var now = Now;
        return _database.WriteAsync(
            session => session.Command(WorkQueueSql.SendMany).Bind("@queue", parameters.Queue).Bind("@bodies", bodies).Bind("@now", now).ExecuteNonQuery(),
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<LeasedMessage>> MessageReceiveAsync(MessageReceiveParams parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var now = Now;
        return _database.WriteAsync(session => Receive(session, parameters, now), cancellationToken);
    }

    /// <inheritdoc/>
    public Task<DeletedAndReceived> MessageDeleteAndReceiveAsync(MessageDeleteParams delete, MessageReceiveParams receive, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delete);
        ArgumentNullException.ThrowIfNull(receive);
        var now = Now;
        var hasReceipt = QueueReceipt.TryParse(delete.Receipt, out var receipt);
        return _database.WriteAsync(
            session => new DeletedAndReceived(hasReceipt && Delete(session, delete.Queue, receipt), Receive(session, receive, now)),
            cancellationToken);
    }

    private static IReadOnlyList<LeasedMessage> Receive(SqliteSession session, MessageReceiveParams parameters, long now)
    {
        var until = now + (long)parameters.VisibilityTimeout.TotalMilliseconds;
        using var reader = session.Command(WorkQueueSql.Receive)
            .Bind("@queue", parameters.Queue).Bind("@max", parameters.Max).Bind("@now", now).Bind("@until", until)
            .ExecuteReader();
        var received = new List<(long Id, LeasedMessage Message)>();
        while (reader.Read())
        {
            var receipt = new QueueReceipt(reader.GetInt64(0), reader.GetInt32(2));
            received.Add((receipt.Id, new LeasedMessage(reader.GetString(1), receipt.ToString(), receipt.DequeueCount)));
        }
        received.Sort((a, b) => a.Id.CompareTo(b.Id));
        return received.Select(r => r.Message).ToArray();
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> MessagePeekAsync(MessagePeekParams parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var now = Now;
        return _database.ReadAsync<IReadOnlyList<string>>(
            session =>
            {
                using var reader = session.Command(WorkQueueSql.Peek).Bind("@queue", parameters.Queue).Bind("@max", parameters.Max).Bind("@now", now).ExecuteReader();
                var bodies = new List<string>();
                while (reader.Read())
                {
                    bodies.Add(reader.GetString(0));
                }
                return bodies;
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<string?> MessageRenewAsync(MessageRenewParams parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!QueueReceipt.TryParse(parameters.Receipt, out var receipt))
        {
            return null;
        }
        var until = Now + (long)parameters.VisibilityTimeout.TotalMilliseconds;
        var renewed = await _database.WriteAsync(
            session => session.Command(WorkQueueSql.Renew).Bind("@queue", parameters.Queue).Bind("@id", receipt.Id)
                .Bind("@count", receipt.DequeueCount).Bind("@until", until).ExecuteNonQuery(),
            cancellationToken).ConfigureAwait(false);
        return renewed == 1 ? parameters.Receipt : null;
    }

    /// <inheritdoc/>
    public Task<bool> MessageDeleteAsync(MessageDeleteParams parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!QueueReceipt.TryParse(parameters.Receipt, out var receipt))
        {
            return Task.FromResult(false);
        }
        return _database.WriteAsync(session => Delete(session, parameters.Queue, receipt), cancellationToken);
    }

    /// <inheritdoc/>
    public Task<bool> MessageMoveAsync(MessageMoveParams parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!QueueReceipt.TryParse(parameters.Receipt, out var receipt))
        {
            return Task.FromResult(false);
        }
        var now = Now;
        return _database.WriteAsync(
            session =>
            {
                if (!Delete(session, parameters.Queue, receipt))
                {
                    return false;
                }
                session.Command(WorkQueueSql.Send).Bind("@queue", parameters.TargetQueue).Bind("@body", parameters.Body).Bind("@now", now).ExecuteNonQuery();
                return true;
            },
            cancellationToken);
    }

    private static bool Delete(SqliteSession session, string queue, QueueReceipt receipt) =>
        session.Command(WorkQueueSql.Delete).Bind("@queue", queue).Bind("@id", receipt.Id).Bind("@count", receipt.DequeueCount).ExecuteNonQuery() == 1;
}
