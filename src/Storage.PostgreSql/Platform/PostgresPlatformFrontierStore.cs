using System.Globalization;
using JobRuntime.Storage.Platform;
using Npgsql;

namespace JobRuntime.PostgreSql.Platform;

/// <summary>
/// <see cref="IPlatformFrontierStore"/> on PostgreSQL. Request ids come from one sequence; a batch
/// id is the priority in two hex digits followed by its first request's id in sixteen, so ids
/// sort by priority and then by age, as in the embedded engine.
/// </summary>
public sealed class PostgresPlatformFrontierStore(PostgresPlatformDatabase database) : IPlatformFrontierStore
{
    private readonly PostgresPlatformDatabase _database = database ?? throw new ArgumentNullException(nameof(database));

    /// <inheritdoc/>
    /// <remarks>Two statements whatever the number of requests: the fingerprints (which returns the new ones, each with a request id), then the new requests.</remarks>
    public Task<int> FrontierAddAsync(PlatformSlotId slot, IReadOnlyList<PlatformFrontierRequest> requests, int batchSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var items = requests.ToArray();
        if (items.Length == 0)
        {
            return Task.FromResult(0);
        }
        return _database.WriteAsync(async (c, t) =>
        {
            var fresh = new Dictionary<string, long>(StringComparer.Ordinal);
            await using (var fingerprints = BindSlot(c.Command(PlatformSql.FrontierFingerprintInsert, t), slot)
                .Bind("fps", items.Select(r => r.Fingerprint).ToArray()).Bind("fdatas", items.Select(r => r.FingerprintData).ToArray()))
            {
                await using var reader = await fingerprints.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    fresh[reader.GetString(0)] = reader.GetInt64(1);
                }
            }
            if (fresh.Count == 0)
            {
                return 0;
            }
            // Ids go to the new requests in the add's order, so batches sort by priority and then by age.
            var ids = new Queue<long>(fresh.Values.Order());
            var queued = new List<(long Id, int Priority, string Batch, string Fp, string? QueueData)>(fresh.Count);
            // The open batch of each priority in this call, and how many requests it holds.
            var open = new Dictionary<int, (string Batch, int Count)>();
            foreach (var request in items)
            {
                if (!fresh.Remove(request.Fingerprint))
                {
                    continue; // seen before, or earlier in this add: not queued again
                }
                var id = ids.Dequeue();
                if (!open.TryGetValue(request.Priority, out var batch) || batch.Count >= batchSize)
                {
                    batch = (string.Create(CultureInfo.InvariantCulture, $"{Math.Clamp(request.Priority, 0, 255):x2}{id:x16}"), 0);
                }
                queued.Add((id, request.Priority, batch.Batch, request.Fingerprint, request.QueueData));
                open[request.Priority] = (batch.Batch, batch.Count + 1);
            }
            await using var insert = BindSlot(c.Command(PlatformSql.FrontierRequestInsert, t), slot)
                .Bind("ids", queued.Select(q => q.Id).ToArray()).Bind("priorities", queued.Select(q => q.Priority).ToArray())
                .Bind("batches", queued.Select(q => q.Batch).ToArray()).Bind("fps", queued.Select(q => q.Fp).ToArray())
                .Bind("qdatas", queued.Select(q => q.QueueData).ToArray());
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return queued.Count;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<PlatformFrontierBatch>> FrontierBatchReadAsync(PlatformSlotId slot, int? minCount, int maxBatches, CancellationToken cancellationToken = default) =>
        _database.ReadAsync<IReadOnlyList<PlatformFrontierBatch>>(async c =>
        {
            await using var command = BindSlot(c.Command(PlatformSql.FrontierRequestRead), slot);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var batches = new List<PlatformFrontierBatch>();
            List<(string, string?)>? current = null;
            string? currentId = null;
            var total = 0;
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var batch = reader.GetString(0);
                if (batch != currentId)
                {
                    if (batches.Count >= maxBatches || (minCount is { } min && total >= min))
                    {
                        break;
                    }
                    currentId = batch;
                    current = [];
                    batches.Add(new PlatformFrontierBatch(batch, current));
                }
                current!.Add((reader.GetString(1), reader.NullableString(2)));
                total++;
            }
            return batches;
        }, cancellationToken);

    /// <inheritdoc/>
    public Task FrontierBatchDeleteAsync(PlatformSlotId slot, IReadOnlyList<string> batchIds, CancellationToken cancellationToken = default)
    {
        var ids = batchIds.ToArray();
        return _database.WriteAsync(async (c, t) =>
        {
            await using var command = BindSlot(c.Command(PlatformSql.FrontierBatchDelete, t), slot);
            foreach (var id in ids)
            {
                await command.Bind("batch", id).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            return ids.Length;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> FrontierFingerprintReadAsync(PlatformSlotId slot, CancellationToken cancellationToken = default) =>
        StringsAsync(PlatformSql.FrontierFingerprintRead, command => BindSlot(command, slot), cancellationToken);

    /// <inheritdoc/>
    public Task FrontierSlotDeleteAsync(PlatformSlotId slot, CancellationToken cancellationToken = default) =>
        _database.WriteAsync(async (c, t) =>
        {
            await using (var requests = BindSlot(c.Command(PlatformSql.FrontierSlotDeleteRequests, t), slot))
            {
                await requests.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await using var fingerprints = BindSlot(c.Command(PlatformSql.FrontierSlotDeleteFingerprints, t), slot);
            return await fingerprints.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> FrontierListAsync(long project, CancellationToken cancellationToken = default) =>
        StringsAsync(PlatformSql.FrontierList, command => command.Bind("project", project), cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> FrontierSlotListAsync(long project, string frontier, CancellationToken cancellationToken = default) =>
        StringsAsync(PlatformSql.FrontierSlotList, command => command.Bind("project", project).Bind("frontier", frontier), cancellationToken);

    private Task<IReadOnlyList<string>> StringsAsync(string sql, Func<NpgsqlCommand, NpgsqlCommand> bind, CancellationToken cancellationToken) =>
        _database.ReadAsync(async c =>
        {
            await using var command = bind(c.Command(sql));
            return await command.ListAsync(r => r.GetString(0), cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    private static NpgsqlCommand BindSlot(NpgsqlCommand command, PlatformSlotId slot) =>
        command.Bind("project", slot.Project).Bind("frontier", slot.Frontier).Bind("slot", slot.Slot);
}
