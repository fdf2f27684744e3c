using System.Globalization;
using JobRuntime.Sqlite.Engine;
using JobRuntime.Storage;
using Microsoft.Data.Sqlite;
using Orleans.Runtime;

namespace JobRuntime.Sqlite;

/// <summary>
/// Task queues (tables <c>task_queues</c> and <c>tasks</c>) in a <see cref="SqliteDatabase"/>.
/// Appends, leases and outcomes go through the group-commit writer, so concurrent workers share
/// transactions; an outcome and its stream event are written in the same transaction.
/// </summary>
public sealed class SqliteTaskQueueStore : ITaskQueueStore
{
    private readonly SqliteDatabase _database;
    private readonly SqliteStreamStore _streams;

    /// <summary>Creates the store over a shared database.</summary>
    public SqliteTaskQueueStore(SqliteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _streams = new SqliteStreamStore(database);
    }

    private long Now => _database.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    /// <inheritdoc/>
    public Task CreateQueueAsync(TaskQueueRecord queue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queue);
        var now = Now;
        return _database.WriteAsync(
            session => session.Command(Sql.TaskQueueInsert)
                .Bind("@id", queue.Id).Bind("@owner", queue.Owner).Bind("@bid", queue.Bid)
                .Bind("@definition", queue.Definition).Bind("@now", now)
                .ExecuteNonQuery(),
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<TaskQueueRecord?> GetQueueAsync(string id, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(
            session =>
            {
                using var reader = session.Command(Sql.TaskQueueRead).Bind("@id", id).ExecuteReader();
                return reader.Read() ? ReadQueue(reader) : null;
            },
            cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<TaskQueueRecord>> ListQueuesAsync(string owner, CancellationToken cancellationToken = default) =>
        _database.ReadAsync<IReadOnlyList<TaskQueueRecord>>(
            session =>
            {
                using var reader = session.Command(Sql.TaskQueueReadByOwner).Bind("@owner", owner).ExecuteReader();
                var queues = new List<TaskQueueRecord>();
                while (reader.Read())
                {
                    queues.Add(ReadQueue(reader));
                }
                return queues;
            },
            cancellationToken);

    /// <inheritdoc/>
    public Task<bool> DeleteQueueAsync(string id, CancellationToken cancellationToken = default)
    {
        var now = Now;
        return _database.WriteAsync(
            session =>
            {
                if (session.Command(Sql.TaskQueueDelete).Bind("@id", id).Bind("@now", now).ExecuteNonQuery() == 0)
                {
                    return false;
                }
                session.Command(Sql.TaskDeleteByQueue).Bind("@id", id).ExecuteNonQuery();
                return true;
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<long> AppendTasksAsync(string id, IReadOnlyList<byte[]> payloads, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payloads);
        var items = payloads.ToArray();
        var array = JsonArray(items);
        var now = Now;
        return _database.WriteAsync(
            session =>
            {
                var total = session.Command(Sql.TaskQueueAddTotal).Bind("@id", id).Bind("@count", items.Length).Bind("@now", now).ExecuteScalar()
                    ?? throw new KeyNotFoundException($"Job '{id}' does not exist or was deleted.");
                var first = Convert.ToInt64(total, CultureInfo.InvariantCulture) - items.Length;
                session.Command(Sql.TaskInsertMany).Bind("@id", id).Bind("@first", first).Bind("@tasks", array).ExecuteNonQuery();
                return first;
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<(string Id, double Bid)>> ListRunnableAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        _database.ReadAsync<IReadOnlyList<(string, double)>>(
            session =>
            {
                using var reader = session.Command(Sql.TaskQueueReadRunnable).Bind("@now", now.ToUnixTimeMilliseconds()).ExecuteReader();
                var runnable = new List<(string, double)>();
                while (reader.Read())
                {
                    runnable.Add((reader.GetString(0), reader.GetDouble(1)));
                }
                return runnable;
            },
            cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<LeasedTask>> LeaseTasksAsync(string id, string worker, int max, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        _database.WriteAsync<IReadOnlyList<LeasedTask>>(
            session =>
            {
                using var reader = session.Command(Sql.TaskLease)
                    .Bind("@id", id).Bind("@worker", worker).Bind("@max", max)
                    .Bind("@now", now.ToUnixTimeMilliseconds()).Bind("@until", until.ToUnixTimeMilliseconds())
                    .ExecuteReader();
                var leased = new List<LeasedTask>();
                while (reader.Read())
                {
                    leased.Add(new LeasedTask(reader.GetInt64(0), reader.GetFieldValue<byte[]>(1), reader.GetInt32(2)));
                }
                leased.Sort((a, b) => a.Index.CompareTo(b.Index));
                return leased;
            },
            cancellationToken);

    /// <inheritdoc/>
    public Task ExtendLeasesAsync(string id, string worker, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        _database.WriteAsync(
            session => session.Command(Sql.TaskLeaseExtend).Bind("@id", id).Bind("@worker", worker).Bind("@until", until.ToUnixTimeMilliseconds()).ExecuteNonQuery(),
            cancellationToken);

    /// <inheritdoc/>
    public Task ReleaseTasksAsync(string id, string worker, IReadOnlyList<LeasedTask> tasks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var array = ReleaseJson(tasks);
        return _database.WriteAsync(
            session => session.Command(Sql.TaskReleaseMany).Bind("@id", id).Bind("@worker", worker).Bind("@tasks", array).ExecuteNonQuery(),
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<(string StreamNamespace, long LastSequence)>> RecordOutcomesAsync(string id, string worker, string streamProvider, IReadOnlyList<TaskOutcomeRecord> outcomes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var items = Distinct(outcomes);
        var array = OutcomesJson(items);
        var now = Now;
        return _database.WriteAsync<IReadOnlyList<(string, long)>>(
            session =>
            {
                // One statement records every outcome still under its lease and names the tasks it
                // recorded, with the attempt that held the lease (a batch may hold a stale one too).
                var recorded = new HashSet<(long, int)>();
                using (var reader = session.Command(Sql.TaskCompleteMany).Bind("@id", id).Bind("@worker", worker).Bind("@outcomes", array).ExecuteReader())
                {
                    while (reader.Read())
                    {
                        recorded.Add((reader.GetInt64(0), reader.GetInt32(1)));
                    }
                }
                if (recorded.Count == 0)
                {
                    return []; // every lease was lost: other workers own these tasks now
                }

                // The recorded tasks' events, in task order, get consecutive seqs from the next one.
                var events = new List<TaskOutcomeRecord>(recorded.Count);
                long finished = 0, failed = 0, compute = 0;
                foreach (var outcome in items)
                {
                    if (!recorded.Contains((outcome.Index, outcome.Attempt)))
                    {
                        continue; // the lease was lost: another worker owns this task now
                    }
                    events.Add(outcome);
                    if (outcome.Failed)
                    {
                        failed++;
                    }
                    else
                    {
                        finished++;
                    }
                    compute += outcome.ComputeMilliseconds;
                }
                var first = Convert.ToInt64(session.Command(Sql.StreamEventNextSeq).ExecuteScalar(), CultureInfo.InvariantCulture);
                session.Command(Sql.StreamEventInsertMany)
                    .Bind("@first", first).Bind("@provider", streamProvider).Bind("@key", id)
                    .Bind("@events", EventsJson(events)).Bind("@appended", now)
                    .ExecuteNonQuery();
                session.Command(Sql.TaskQueueAddOutcomes)
                    .Bind("@id", id).Bind("@finished", finished).Bind("@failed", failed)
                    .Bind("@compute_ms", compute).Bind("@now", now)
                    .ExecuteNonQuery();
                var last = new Dictionary<string, long>();
                for (var i = 0; i < events.Count; i++)
                {
                    last[events[i].StreamNamespace] = first + i;
                }
                return [.. last.Select(p => (p.Key, p.Value))];
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<StreamEventRecord>> ReadStreamAsync(string streamProvider, string streamNamespace, string id, long after, int max, CancellationToken cancellationToken = default)
    {
        var events = await _streams.ReadAsync(streamProvider, StreamId.Create(streamNamespace, id), after, max, cancellationToken).ConfigureAwait(false);
        return [.. events.Select(e => new StreamEventRecord(e.Sequence, e.Payload))];
    }

    /// <inheritdoc/>
    public Task<TaskRecord?> GetTaskAsync(string id, long index, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(
            session =>
            {
                using var reader = session.Command(Sql.TaskRead).Bind("@id", id).Bind("@idx", index).ExecuteReader();
                return reader.Read()
                    ? new TaskRecord(
                        reader.GetInt64(0), reader.GetInt32(1), reader.GetInt32(2),
                        reader.IsDBNull(3) ? null : reader.GetFieldValue<byte[]>(3),
                        reader.IsDBNull(4) ? null : reader.GetFieldValue<byte[]>(4))
                    : null;
            },
            cancellationToken);

    // The payloads as one JSON array of strings, for TaskInsertMany.
    private static string JsonArray(byte[][] payloads)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(payloads.Sum(p => p.Length + 3) + 2);
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer, new System.Text.Json.JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartArray();
            foreach (var payload in payloads)
            {
                writer.WriteStringValue(System.Text.Encoding.UTF8.GetString(payload));
            }
            writer.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    // The outcomes without repeats: a task recorded twice in one batch ends once, by the first of its
    // outcomes under the current lease. A later copy with the same lease would find the task ended,
    // and only one attempt can be the current one, so keeping the first of each (index, attempt)
    // records what one statement per outcome, in order, would.
    private static TaskOutcomeRecord[] Distinct(IReadOnlyList<TaskOutcomeRecord> outcomes)
    {
        var seen = new HashSet<(long, int)>(outcomes.Count);
        var items = new List<TaskOutcomeRecord>(outcomes.Count);
        foreach (var outcome in outcomes)
        {
            ArgumentNullException.ThrowIfNull(outcome);
            if (seen.Add((outcome.Index, outcome.Attempt)))
            {
                items.Add(outcome);
            }
        }
        return [.. items];
    }

    // The outcomes for TaskCompleteMany: [{"i":index,"a":attempt,"s":state,"o":hex,"l":hex|null}, ...].
    private static string OutcomesJson(TaskOutcomeRecord[] outcomes) => Json(outcomes.Sum(o => 48 + 2 * (o.Detail?.Length ?? 0) + 2 * (o.Log?.Length ?? 0)), writer =>
    {
        foreach (var outcome in outcomes)
        {
            writer.WriteStartObject();
            writer.WriteNumber("i"u8, outcome.Index);
            writer.WriteNumber("a"u8, outcome.Attempt);
            writer.WriteNumber("s"u8, outcome.Failed ? 3 : 2);
            WriteHex(writer, "o"u8, outcome.Detail);
            WriteHex(writer, "l"u8, outcome.Log);
            writer.WriteEndObject();
        }
    });

    // The stream events for StreamEventInsertMany: [{"n":namespace,"p":hex}, ...].
    private static string EventsJson(List<TaskOutcomeRecord> events) => Json(events.Sum(e => 16 + e.StreamNamespace.Length + 2 * (e.StreamPayload?.Length ?? 0)), writer =>
    {
        foreach (var outcome in events)
        {
            writer.WriteStartObject();
            writer.WriteString("n"u8, outcome.StreamNamespace);
            WriteHex(writer, "p"u8, outcome.StreamPayload);
            writer.WriteEndObject();
        }
    });

    // The tasks for TaskReleaseMany: [[index,attempt], ...].
    private static string ReleaseJson(IReadOnlyList<LeasedTask> tasks) => Json(tasks.Count * 16, writer =>
    {
        foreach (var task in tasks)
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(task.Index);
            writer.WriteNumberValue(task.Attempt);
            writer.WriteEndArray();
        }
    });

    // A JSON array written by items, as a string: json_each reads text as JSON (a BLOB would be JSONB).
    private static string Json(int sizeHint, Action<System.Text.Json.Utf8JsonWriter> items)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(sizeHint + 2);
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer, new System.Text.Json.JsonWriterOptions { SkipValidation = true }))
        {
            writer.WriteStartArray();
            items(writer);
            writer.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    // Bytes as a JSON string of hex digits (unhex in SQL gives them back exactly), or null.
    private static void WriteHex(System.Text.Json.Utf8JsonWriter writer, ReadOnlySpan<byte> name, byte[]? bytes)
    {
        if (bytes is null)
        {
            writer.WriteNull(name);
            return;
        }
        var hex = System.Buffers.ArrayPool<byte>.Shared.Rent(2 * bytes.Length);
        try
        {
            Convert.TryToHexString(bytes, hex, out var written);
            writer.WriteString(name, hex.AsSpan(0, written));
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(hex);
        }
    }

    private static TaskQueueRecord ReadQueue(SqliteDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetDouble(2), reader.GetString(3), reader.GetFieldValue<byte[]>(4),
        reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(9)),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(10)),
        reader.IsDBNull(11) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(11)));
}
