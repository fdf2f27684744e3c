using Azure;
using Azure.Data.Tables;

namespace JobRuntime.AzureStorage.Platform;

/// <summary>
/// Writes and deletes many rows: a transaction holds the actions of one partition, at most 100
/// and at most <see cref="MaxTransactionBytes"/> of body, so larger sets go as several transactions,
/// each atomic on its own.
/// </summary>
internal static class AzureTableBatches
{
    /// <summary>The most actions in one transaction.</summary>
    public const int MaxActions = 100;

    /// <summary>A transaction's body may hold 4 MiB; this leaves room for the envelope.</summary>
    public const int MaxTransactionBytes = 3 * 1024 * 1024;

    /// <summary>How many transactions of independent rows are in flight at once.</summary>
    public const int Parallelism = 4;

    /// <summary>Submits the actions, partition by partition, one transaction after the other in order.</summary>
    public static async Task SubmitAsync(TableClient table, IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        foreach (var chunk in Chunks(actions))
        {
            await table.SubmitTransactionAsync(chunk, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Upserts (replacing) distinct rows: their transactions may run side by side, <see cref="Parallelism"/> at a time.</summary>
    public static Task UpsertAsync(TableClient table, IEnumerable<TableEntity> entities, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(Chunks(entities.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e))),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (chunk, ct) => await table.SubmitTransactionAsync(chunk, ct).ConfigureAwait(false));

    /// <summary>The actions in transactions: grouped by partition, at most 100 and about 3 MiB each.</summary>
    public static IEnumerable<List<TableTransactionAction>> Chunks(IEnumerable<TableTransactionAction> actions)
    {
        foreach (var partition in actions.GroupBy(a => a.Entity.PartitionKey, StringComparer.Ordinal))
        {
            var chunk = new List<TableTransactionAction>();
            var bytes = 0;
            foreach (var action in partition)
            {
                var size = AzureLargeText.Size(action.Entity);
                if (chunk.Count > 0 && (chunk.Count == MaxActions || bytes + size > MaxTransactionBytes))
                {
                    yield return chunk;
                    chunk = [];
                    bytes = 0;
                }
                chunk.Add(action);
                bytes += size;
            }
            if (chunk.Count > 0)
            {
                yield return chunk;
            }
        }
    }

    /// <summary>Deletes every row the filter selects; returns how many. <paramref name="seen"/> sees each row first (with <paramref name="select"/>ed properties).</summary>
    public static async Task<int> DeleteWhereAsync(TableClient table, string filter, CancellationToken cancellationToken,
        IEnumerable<string>? select = null, Action<TableEntity>? seen = null)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: select ?? ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            seen?.Invoke(row);
            rows.Add(row);
        }
        await DeleteAsync(table, rows.Select(r => (r.PartitionKey, r.RowKey)), cancellationToken).ConfigureAwait(false);
        return rows.Count;
    }

    /// <summary>Deletes rows by key; missing rows are no error.</summary>
    public static async Task DeleteAsync(TableClient table, IEnumerable<(string Partition, string Row)> keys, CancellationToken cancellationToken)
    {
        var actions = keys.Distinct().Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(k.Partition, k.Row), ETag.All));
        foreach (var chunk in Chunks(actions))
        {
            try
            {
                await table.SubmitTransactionAsync(chunk, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // One row went meanwhile: the others one by one.
                foreach (var action in chunk)
                {
                    await DeleteOneAsync(table, action.Entity.PartitionKey, action.Entity.RowKey, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Deletes one row; true when it was there.</summary>
    public static async Task<bool> DeleteOneAsync(TableClient table, string partition, string row, CancellationToken cancellationToken)
    {
        try
        {
            var response = await table.DeleteEntityAsync(partition, row, ETag.All, cancellationToken).ConfigureAwait(false);
            return response.Status != 404;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }

    /// <summary>The row, or null.</summary>
    public static async Task<TableEntity?> GetAsync(TableClient table, string partition, string row, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>Every row the filter selects, in key order, at most <paramref name="limit"/> (all when negative).</summary>
    public static async Task<List<TableEntity>> QueryAsync(TableClient table, string filter, CancellationToken cancellationToken, int limit = -1)
    {
        var rows = new List<TableEntity>();
        if (limit == 0)
        {
            return rows;
        }
        int? page = limit is > 0 and < 1000 ? limit : null;
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: page, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
            if (rows.Count == limit)
            {
                break;
            }
        }
        return rows;
    }
}
