namespace JobRuntime.Client.Processes;

/// <summary>How a supervised process retries (zproc's <c>retry_for</c>, <c>retry_delay</c>, <c>max_retries</c>).</summary>
public sealed record ProcessOptions
{
    /// <summary>
    /// Exception types after which the function runs again: in the caller's process, the types and
    /// their subclasses; on the cluster, the failed handler's exception type by name (a type's
    /// <c>Name</c> or <c>FullName</c>). Default: none.
    /// </summary>
    public IReadOnlyList<Type> RetryFor { get; init; } = [];

    /// <summary>
    /// Exception type names after which a process run on the cluster runs again (for types the
    /// caller cannot reference), compared with the worker's error name, e.g. <c>"IOException"</c>.
    /// Default: none.
    /// </summary>
    public IReadOnlyList<string> RetryForNames { get; init; } = [];

    /// <summary>The pause before a retry. Default: 5 seconds.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries at most; null (the default) retries for as long as the function fails with a <see cref="RetryFor"/> type.</summary>
    public int? MaxRetries { get; init; }

    /// <summary>
    /// The time limit of one attempt of a process run on the cluster (its task's limit: the worker
    /// stops it and reports a "TimeoutError"). 1 second to 24 hours. Default: 1 hour.
    /// </summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The defaults.</summary>
    public static ProcessOptions Default { get; } = new();

    /// <summary>Whether <paramref name="error"/> is one the function is run again after.</summary>
    internal bool Retries(Exception error) =>
        RetryFor.Any(t => t.IsInstanceOfType(error))
        || (error is ProcessFailedException failed
            && (RetryFor.Any(t => t.Name == failed.Error.Name || t.FullName == failed.Error.Name)
                || RetryForNames.Contains(failed.Error.Name, StringComparer.Ordinal)));
}
