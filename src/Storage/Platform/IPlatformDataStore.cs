namespace JobRuntime.Storage.Platform;

/// <summary>The append-only items, logs, requests and samples of the platform's jobs.</summary>
public interface IPlatformDataStore
{
    /// <summary>Writes a batch at its start index (a batch sent again replaces itself instead of duplicating).</summary>
    Task DataWriteAsync(PlatformDataWriteParams batch, CancellationToken cancellationToken = default);

    /// <summary>Records in job and index order.</summary>
    Task<IReadOnlyList<PlatformDataRecord>> DataReadAsync(PlatformDataReadParams query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Visits the records <see cref="DataReadAsync"/> would return, without a string or an object per
    /// record; returns how many it visited. The visitor runs synchronously while the engine reads, so
    /// it must not block: callers page with <see cref="PlatformDataReadParams.Limit"/>.
    /// </summary>
    async Task<int> DataScanAsync(PlatformDataReadParams query, PlatformDataVisitor visit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(visit);
        var records = await DataReadAsync(query, cancellationToken).ConfigureAwait(false);
        foreach (var record in records)
        {
            visit(new PlatformDataRow(record.Job.Spider, record.Job.Job, record.Index, record.Timestamp, System.Text.Encoding.UTF8.GetBytes(record.Data)));
        }
        return records.Count;
    }

    /// <summary>The UTF-8 bytes a job's records weigh: all its streams, or one stream's indexes <c>[From, To)</c> when the query says so.</summary>
    Task<long> DataBytesAsync(PlatformDataBytesParams query, CancellationToken cancellationToken = default);

    /// <summary>How many records a job has in a stream (the next index to append at).</summary>
    Task<long> DataCountAsync(PlatformJobKey job, PlatformDataKind kind, CancellationToken cancellationToken = default);
}
