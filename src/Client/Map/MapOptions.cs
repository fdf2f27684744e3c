namespace JobRuntime.Client.Map;

/// <summary>How a parallel map runs (spychronous's and zproc's options).</summary>
public sealed record MapOptions
{
    /// <summary>Items computed at once. Default: the processor count (local); the cluster's workers, as a job shares them (cluster).</summary>
    public int? Workers { get; init; }

    /// <summary>True (the default): results in the order of the items; false: as they complete.</summary>
    public bool Ordered { get; init; } = true;

    /// <summary>Results computed ahead of the consumer at most (the reorder buffer). Default: 16,384.</summary>
    public int BufferSize { get; init; } = 16_384;

    /// <summary>Time limit of one item; past it the item fails with a <see cref="TimeoutException"/>. Default: none (local), 30 s (cluster).</summary>
    public TimeSpan? ItemTimeout { get; init; }

    /// <summary>
    /// False (the default): the first failure is re-raised while consuming, where its result would be.
    /// True: a failed item yields default (null) and its error is kept in <see cref="MapRun{TResult}.Errors"/>.
    /// </summary>
    public bool SuppressErrors { get; init; }

    /// <summary>Debug mode (local only): run every item in order on the caller, re-raising the original exception. Default: false.</summary>
    public bool Sequential { get; init; }

    /// <summary>Common positional arguments after the item (zproc's <c>args</c>; cluster maps only, see <see cref="MapCall"/>).</summary>
    public IReadOnlyList<object?>? Args { get; init; }

    /// <summary>Per-item positional arguments, by item position (zproc's <c>map_args</c>).</summary>
    public IReadOnlyList<IReadOnlyList<object?>>? MapArgs { get; init; }

    /// <summary>Common named arguments (zproc's <c>kwargs</c>).</summary>
    public IReadOnlyDictionary<string, object?>? Kwargs { get; init; }

    /// <summary>Per-item named arguments, by item position (zproc's <c>map_kwargs</c>); they override <see cref="Kwargs"/>.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>>? MapKwargs { get; init; }

    /// <summary>The defaults.</summary>
    public static MapOptions Default { get; } = new();

    internal bool HasArguments => Args is not null || MapArgs is not null || Kwargs is not null || MapKwargs is not null;

    internal void Validate()
    {
        if (Workers is < 1 or > 100_000)
        {
            throw new ArgumentOutOfRangeException(nameof(Workers), Workers, "A map runs 1 to 100000 workers.");
        }
        if (BufferSize is < 1 or > 10_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(BufferSize), BufferSize, "A map's buffer holds 1 to 10000000 results.");
        }
        if (ItemTimeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ItemTimeout), timeout, "An item's time limit must be positive.");
        }
    }
}
