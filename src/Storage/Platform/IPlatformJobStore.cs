namespace JobRuntime.Storage.Platform;

/// <summary>The platform's jobs: their keys, states and metadata. Job numbers grow per spider.</summary>
public interface IPlatformJobStore
{
    /// <summary>Inserts a job under the next number of its spider (the record's <c>Job</c> is ignored) and returns it with its key.</summary>
    Task<PlatformJobRecord> JobInsertAsync(PlatformJobRecord job, CancellationToken cancellationToken = default);

    /// <summary>A job, or null.</summary>
    Task<PlatformJobRecord?> JobGetAsync(PlatformJobKey key, CancellationToken cancellationToken = default);

    /// <summary>Writes a job's columns and metadata (the job must exist).</summary>
    Task JobUpdateAsync(PlatformJobRecord job, CancellationToken cancellationToken = default);

    /// <summary>Deletes a job and all its data (items, logs, requests, samples); false when there was none.</summary>
    Task<bool> JobPurgeAsync(PlatformJobKey key, CancellationToken cancellationToken = default);

    /// <summary>Jobs of a project, newest change first.</summary>
    Task<IReadOnlyList<PlatformJobRecord>> JobListAsync(PlatformJobListParams query, CancellationToken cancellationToken = default);

    /// <summary>A pending or running job of the project with this unique key or run key, or null.</summary>
    Task<PlatformJobKey?> JobFindActiveAsync(long project, string? uniqueKey, string? runKey, CancellationToken cancellationToken = default);

    /// <summary>The job whose token has this SHA-256 hash, or null.</summary>
    Task<PlatformJobKey?> JobFindByTokenAsync(byte[] tokenHash, CancellationToken cancellationToken = default);
}
