namespace JobRuntime.Client.Map;

/// <summary>Consecutive results computed together: positions <see cref="First"/> to First + Count - 1.</summary>
internal sealed class MapChunk<TResult>(long first, int count)
{
    public long First { get; } = first;

    public int Count { get; } = count;

    public TResult[] Results { get; } = new TResult[count];

    /// <summary>Errors by offset; null when none failed.</summary>
    public Exception?[]? Errors { get; set; }
}
