using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace JobRuntime.Client.Map;

/// <summary>
/// A parallel map in this process (spychronous's <c>SynchronousJob</c>, zproc's
/// <c>process_map</c> with a local function):
/// <code>
/// await foreach (var square in ParallelMap.MapAsync(Enumerable.Range(0, 100), x => x * x))
///     Console.WriteLine(square);
/// </code>
/// For maps over the cluster's workers see <see cref="MapClient"/>.
/// </summary>
public static class ParallelMap
{
    /// <summary>Maps a function over the items with <see cref="MapOptions.Workers"/> workers; results are lazy and ordered unless told otherwise.</summary>
    public static MapRun<TResult> MapAsync<TItem, TResult>(IEnumerable<TItem> items, Func<TItem, TResult> function, MapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Create(items, (item, _) => ValueTask.FromResult(function(item)), function, options);
    }

    /// <summary>Maps an asynchronous function over the items (it is given a token cancelled when the map stops or the item's time is up).</summary>
    public static MapRun<TResult> MapAsync<TItem, TResult>(IEnumerable<TItem> items, Func<TItem, CancellationToken, ValueTask<TResult>> function, MapOptions? options = null) =>
        Create(items, function, null, options);

    private static MapRun<TResult> Create<TItem, TResult>(IEnumerable<TItem> items, Func<TItem, CancellationToken, ValueTask<TResult>> function, Func<TItem, TResult>? synchronous, MapOptions? options)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(function);
        options ??= MapOptions.Default;
        options.Validate();
        return new MapRun<TResult>((run, ct) => options.Sequential ? SequentialAsync(run, items, function, options, ct) : ParallelAsync(run, items, function, synchronous, options, ct));
    }

    private static async IAsyncEnumerable<TResult> ParallelAsync<TItem, TResult>(MapRun<TResult> run, IEnumerable<TItem> items, Func<TItem, CancellationToken, ValueTask<TResult>> function, Func<TItem, TResult>? synchronous, MapOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var engine = new LocalMapEngine<TItem, TResult>(items, function, synchronous, options, cancellationToken);
        while (await engine.NextAsync(cancellationToken) is { } chunk)
        {
            var results = chunk.Results;
            var errors = chunk.Errors;
            for (var i = 0; i < results.Length; i++)
            {
                if (errors is not null && errors[i] is { } error)
                {
                    if (!options.SuppressErrors)
                    {
                        ExceptionDispatchInfo.Throw(error);
                    }
                    run.AddError(new MapError(chunk.First + i, error));
                }
                yield return results[i];
            }
            engine.Consumed(chunk);
        }
        cancellationToken.ThrowIfCancellationRequested();
    }

    // Debug mode: the caller's own flow, in order; the original exception surfaces as it was thrown.
    private static async IAsyncEnumerable<TResult> SequentialAsync<TItem, TResult>(MapRun<TResult> run, IEnumerable<TItem> items, Func<TItem, CancellationToken, ValueTask<TResult>> function, MapOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long position = 0;
        foreach (var item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            TResult result;
            try
            {
                result = await function(item, cancellationToken);
            }
            catch (Exception e) when (options.SuppressErrors && e is not OperationCanceledException)
            {
                run.AddError(new MapError(position, e));
                result = default!;
            }
            position++;
            yield return result;
        }
    }
}
