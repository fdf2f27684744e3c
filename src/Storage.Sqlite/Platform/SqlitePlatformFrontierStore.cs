using System.Globalization;
using JobRuntime.Sqlite.Engine;
using JobRuntime.Storage.Platform;
using Microsoft.Data.Sqlite;

namespace JobRuntime.Sqlite.Platform;

/// <summary>
/// <see cref="IPlatformFrontierStore"/> in the silo's SQLite file. A batch id is the priority in
/// two hex digits followed by the id of its first request in sixteen, so ids sort by priority
/// and then by age, as the seed's server did.
/// </summary>
public sealed class SqlitePlatformFrontierStore(SqliteDatabase database) : IPlatformFrontierStore
{
    private readonly SqliteDatabase _database = database ?? throw new ArgumentNullException(nameof(database));

    /// <inheritdoc/>
    public Task<int> FrontierAddAsync(PlatformSlotId slot, IReadOnlyList<PlatformFrontierRequest> requests, int batchSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var items = requests.ToArray();
        return _database.WriteAsync(s =>
        {
            var seq = Convert.ToInt64(BindSlot(s.Command(PlatformSql.FrontierFingerprintNextSeq), slot).ExecuteScalar(), CultureInfo.InvariantCulture);
            var id = Convert.ToInt64(s.Command(PlatformSql.FrontierRequestNextId).ExecuteScalar(), CultureInfo.InvariantCulture);
            var fingerprint = BindSlot(s.Command(PlatformSql.FrontierFingerprintInsert), slot);
            var insert = BindSlot(s.Command(PlatformSql.FrontierRequestInsert), slot);
            // The open batch of each priority in this call, and how many requests it holds.
            var open = new Dictionary<int, (string Batch, int Count)>();
            var added = 0;
            foreach (var request in items)
            {
                if (fingerprint.Bind("@fp", request.Fingerprint).Bind("@fdata", request.FingerprintData).Bind("@seq", seq++).ExecuteNonQuery() == 0)
                {
                    continue; // seen before: not queued again
                }
                added++;
                if (!open.TryGetValue(request.Priority, out var batch) || batch.Count >= batchSize)
                {
                    batch = (string.Create(CultureInfo.InvariantCulture, $"{Math.Clamp(request.Priority, 0, 255):x2}{id:x16}"), 0);
                }
                insert.Bind("@id", id++).Bind("@priority", request.Priority).Bind("@batch", batch.Batch)
                    .Bind("@fp", request.Fingerprint).Bind("@qdata", request.QueueData).ExecuteNonQuery();
                open[request.Priority] = (batch.Batch, batch.Count + 1);
            }
            return added;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<PlatformFrontierBatch>> FrontierBatchReadAsync(PlatformSlotId slot, int? minCount, int maxBatches, CancellationToken cancellationToken = default) =>
        _database.ReadAsync<IReadOnlyList<PlatformFrontierBatch>>(s =>
        {
            using var reader = BindSlot(s.Command(PlatformSql.FrontierRequestRead), slot).Bind("@limit", -1).ExecuteReader();
            var batches = new List<PlatformFrontierBatch>();
            List<(string, string?)>? current = null;
            string? currentId = null;
            var total = 0;
            while (reader.Read())
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
                current!.Add((reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
                total++;
            }
            return batches;
        }, cancellationToken);

    /// <inheritdoc/>
    public Task FrontierBatchDeleteAsync(PlatformSlotId slot, IReadOnlyList<string> batchIds, CancellationToken cancellationToken = default)
    {
        var ids = batchIds.ToArray();
        return _database.WriteAsync(s =>
        {
            var command = BindSlot(s.Command(PlatformSql.FrontierBatchDelete), slot);
            foreach (var id in ids)
            {
                command.Bind("@batch", id).ExecuteNonQuery();
            }
            return ids.Length;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> FrontierFingerprintReadAsync(PlatformSlotId slot, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(s => Strings(BindSlot(s.Command(PlatformSql.FrontierFingerprintRead), slot)), cancellationToken);

    /// <inheritdoc/>
    public Task FrontierSlotDeleteAsync(PlatformSlotId slot, CancellationToken cancellationToken = default) =>
        _database.WriteAsync(s =>
        {
            BindSlot(s.Command(PlatformSql.FrontierSlotDeleteRequests), slot).ExecuteNonQuery();
            return BindSlot(s.Command(PlatformSql.FrontierSlotDeleteFingerprints), slot).ExecuteNonQuery();
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> FrontierListAsync(long project, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(s => Strings(s.Command(PlatformSql.FrontierList).Bind("@project", project)), cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> FrontierSlotListAsync(long project, string frontier, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(s => Strings(s.Command(PlatformSql.FrontierSlotList).Bind("@project", project).Bind("@frontier", frontier)), cancellationToken);

    private static IReadOnlyList<string> Strings(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }
        return values;
    }

    private static SqliteCommand BindSlot(SqliteCommand command, PlatformSlotId slot) =>
        command.Bind("@project", slot.Project).Bind("@frontier", slot.Frontier).Bind("@slot", slot.Slot);
}
