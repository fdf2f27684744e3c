using Azure;
using Azure.Data.Tables;

namespace JobRuntime.AzureStorage.Platform;

/// <summary>
/// Counters kept in a row (<c>Next</c>, the last number handed out), advanced with optimistic
/// concurrency: the row is read with its ETag and written back only if unchanged (412 otherwise)
/// or added only if absent (409 otherwise); the loser of a race reads again and retries.
/// </summary>
internal static class AzureCounters
{
    /// <summary>How many times a write that lost a race is tried again.</summary>
    public const int MaxAttempts = 20;

    /// <summary>The counter's last value (0 when absent) and the action that advances it by <paramref name="count"/> if nobody moved it meanwhile.</summary>
    public static async Task<(long Last, TableTransactionAction Advance)> ReadAsync(TableClient table, string partition, string row, string property, long count, CancellationToken cancellationToken)
    {
        var current = await AzureTableBatches.GetAsync(table, partition, row, cancellationToken).ConfigureAwait(false);
        var last = current?.GetInt64(property) ?? 0;
        var next = new TableEntity(partition, row) { [property] = last + count };
        var action = current is null
            ? new TableTransactionAction(TableTransactionActionType.Add, next)
            : new TableTransactionAction(TableTransactionActionType.UpdateMerge, next, current.ETag);
        return (last, action);
    }

    /// <summary>Reserves <paramref name="count"/> numbers on their own: returns the first.</summary>
    public static Task<long> ReserveAsync(TableClient table, string partition, string row, string property, long count, CancellationToken cancellationToken) =>
        RetryAsync(async () =>
        {
            var (last, advance) = await ReadAsync(table, partition, row, property, count, cancellationToken).ConfigureAwait(false);
            await table.SubmitTransactionAsync([advance], cancellationToken).ConfigureAwait(false);
            return last + 1;
        });

    /// <summary>Runs <paramref name="attempt"/> until it does not lose a race (409 or 412), at most <see cref="MaxAttempts"/> times.</summary>
    public static async Task<T> RetryAsync<T>(Func<Task<T>> attempt)
    {
        for (var i = 1; ; i++)
        {
            try
            {
                return await attempt().ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && i < MaxAttempts)
            {
                await Task.Delay(Random.Shared.Next(5, 20 * i)).ConfigureAwait(false);
            }
        }
    }
}
