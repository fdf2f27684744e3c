using System.Globalization;
using JobRuntime.Sqlite.Engine;
using Orleans.Runtime;
using Microsoft.Data.Sqlite;

namespace JobRuntime.Sqlite;

/// <summary>
/// Durable stream events (table <c>stream_events</c>) and stream subscriptions (table
/// <c>stream_subscriptions</c>) in a <see cref="SqliteDatabase"/>. An event's sequence number is
/// its global row number, never reused (not even after retention deleted the newest events), so
/// it increases within every stream. Appends go through the database's group-commit writer:
/// concurrent producers share transactions.
/// </summary>
public sealed class SqliteStreamStore
{
    // Retention deletes in chunks so that other writes are not held up behind one long delete.
    private const int DeleteChunk = 10_000;

    private readonly SqliteDatabase _database;

    /// <summary>Creates the stream store over a shared database.</summary>
    public SqliteStreamStore(SqliteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <summary>See the class summary.</summary>
    public Task<IReadOnlyList<long>> AppendAsync(string provider, StreamId stream, IReadOnlyList<byte[]> payloads, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(provider);
        ArgumentNullException.ThrowIfNull(payloads);
        if (payloads.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<long>>([]);
        }
        // Copied now: the caller may reuse its list before the writer gets to it.
        var items = payloads.ToArray();
        foreach (var payload in items)
        {
            ArgumentNullException.ThrowIfNull(payload, nameof(payloads));
        }
        var appended = _database.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        return _database.WriteAsync<IReadOnlyList<long>>(
            session =>
            {
                var command = BindStream(session.Command(Sql.StreamEventInsert), provider, stream).Bind("@appended", appended);
                var sequences = new long[items.Length];
                for (var i = 0; i < items.Length; i++)
                {
                    command.Bind("@payload", items[i]).ExecuteNonQuery();
                    sequences[i] = session.LastInsertRowId;
                }
                return sequences;
            },
            cancellationToken);
    }

    /// <summary>See the class summary.</summary>
    public Task<IReadOnlyList<StoredStreamEvent>> ReadAsync(string provider, StreamId stream, long afterSequence, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(provider);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        if (maxCount == 0)
        {
            return Task.FromResult<IReadOnlyList<StoredStreamEvent>>([]);
        }
        return _database.ReadAsync<IReadOnlyList<StoredStreamEvent>>(
            session =>
            {
                using var reader = BindStream(session.Command(Sql.StreamEventRead), provider, stream)
                    .Bind("@after", afterSequence)
                    .Bind("@max_count", maxCount)
                    .ExecuteReader();
                var events = new List<StoredStreamEvent>();
                while (reader.Read())
                {
                    events.Add(new StoredStreamEvent(
                        reader.GetInt64(0),
                        reader.GetFieldValue<byte[]>(1),
                        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2))));
                }
                return events;
            },
            cancellationToken);
    }

    /// <summary>See the class summary.</summary>
    public Task<long> GetLastSequenceAsync(string provider, StreamId stream, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(provider);
        return _database.ReadAsync(
            session => Convert.ToInt64(BindStream(session.Command(Sql.StreamEventReadLast), provider, stream).ExecuteScalar(), CultureInfo.InvariantCulture),
            cancellationToken);
    }

    /// <summary>See the class summary.</summary>
    public async Task<int> DeleteOlderThanAsync(string provider, DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(provider);
        var cutoffMs = cutoff.ToUnixTimeMilliseconds();
        // Found on a reader, so the writer is not held while old events are walked. Events appended
        // later get higher sequence numbers and are never below the boundary.
        var boundary = await _database.ReadAsync(
            session => Convert.ToInt64(session.Command(Sql.StreamEventAgeBoundary).Bind("@cutoff", cutoffMs).ExecuteScalar(), CultureInfo.InvariantCulture),
            cancellationToken).ConfigureAwait(false);
        var total = 0;
        while (true)
        {
            var deleted = await _database.WriteAsync(
                session =>
                {
                    session.Command(Sql.StreamSequenceRaise).ExecuteNonQuery();
                    return session.Command(Sql.StreamEventDeleteOlderThan)
                        .Bind("@provider", provider)
                        .Bind("@boundary", boundary)
                        .Bind("@limit", DeleteChunk)
                        .ExecuteNonQuery();
                },
                cancellationToken).ConfigureAwait(false);
            total += deleted;
            if (deleted < DeleteChunk)
            {
                return total;
            }
        }
    }

    private static SqliteCommand BindStream(SqliteCommand command, string provider, StreamId stream) =>
        command.Bind("@provider", provider)
            .Bind("@namespace", stream.GetNamespace() ?? "")
            .Bind("@key", stream.GetKeyAsString());
}

/// <summary>An event as stored: its sequence number (its position in the stream), payload and append time.</summary>
public sealed record StoredStreamEvent(long Sequence, byte[] Payload, DateTimeOffset Appended);
