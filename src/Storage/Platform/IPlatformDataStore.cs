namespace JobRuntime.Storage.Platform;

/// <summary>The append-only items, logs, requests and samples of the platform's jobs.</summary>
public interface IPlatformDataStore
{
    /// <summary>Writes a batch at its start index (a batch sent again replaces itself instead of duplicating).</summary>
    Task DataWriteAsync(PlatformDataWriteParams batch, CancellationToken cancellationToken = default);

    /// <summary>Records in job and index order.</summary>
    Task<IReadOnlyList<PlatformDataRecord>> DataReadAsync(PlatformDataReadParams query, CancellationToken cancellationToken = default);

    /// <summary>How many records a job has in a stream (the next index to append at).</summary>
    Task<long> DataCountAsync(PlatformJobKey job, PlatformDataKind kind, CancellationToken cancellationToken = default);
}
