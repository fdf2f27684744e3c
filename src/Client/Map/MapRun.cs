using System.Runtime.CompilerServices;

namespace JobRuntime.Client.Map;

/// <summary>
/// A parallel map's results, computed lazily as they are enumerated (the computation runs ahead of
/// the consumer by up to <see cref="MapOptions.BufferSize"/> results). Enumerate it once; stopping
/// early, or cancelling, stops the remaining work and leaves no worker running.
/// </summary>
public sealed class MapRun<TResult> : IAsyncEnumerable<TResult>
{
    private readonly Func<MapRun<TResult>, CancellationToken, IAsyncEnumerable<TResult>> _run;
    private readonly List<MapError> _errors = [];
    private int _started;

    internal MapRun(Func<MapRun<TResult>, CancellationToken, IAsyncEnumerable<TResult>> run) => _run = run;

    /// <summary>The failed items so far, when errors are suppressed (complete once the enumeration ended).</summary>
    public IReadOnlyList<MapError> Errors
    {
        get { lock (_errors) { return [.. _errors.OrderBy(e => e.Position)]; } }
    }

    internal void AddError(MapError error)
    {
        lock (_errors)
        {
            _errors.Add(error);
        }
    }

    /// <inheritdoc/>
    public IAsyncEnumerator<TResult> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("A map's results can be enumerated once.");
        }
        return _run(this, cancellationToken).GetAsyncEnumerator(cancellationToken);
    }

    /// <summary>Every result, in a list.</summary>
    public async Task<List<TResult>> ToListAsync(CancellationToken cancellationToken = default)
    {
        var results = new List<TResult>();
        await foreach (var result in WithCancellation(cancellationToken))
        {
            results.Add(result);
        }
        return results;
    }

    /// <summary>The results with a cancellation token (Ctrl-C in a console app).</summary>
    public ConfiguredCancelableAsyncEnumerable<TResult> WithCancellation(CancellationToken cancellationToken) =>
        TaskAsyncEnumerableExtensions.WithCancellation(this, cancellationToken);
}
