namespace JobRuntime.Client.Processes;

/// <summary>How a supervised process retries (zproc's <c>retry_for</c>, <c>retry_delay</c>, <c>max_retries</c>).</summary>
public sealed record ProcessOptions
{
    /// <summary>Exception types (and their subclasses) after which the function runs again. Default: none.</summary>
    public IReadOnlyList<Type> RetryFor { get; init; } = [];

    /// <summary>The pause before a retry. Default: 5 seconds.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries at most; null (the default) retries for as long as the function fails with a <see cref="RetryFor"/> type.</summary>
    public int? MaxRetries { get; init; }

    /// <summary>The defaults.</summary>
    public static ProcessOptions Default { get; } = new();
}
