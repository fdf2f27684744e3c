using System.Diagnostics;
using System.Threading.Channels;

namespace JobRuntime.Client.Map;

/// <summary>
/// A map over a delegate in this process: workers take items from the source in chunks (a chunk
/// grows while items are quick and shrinks when they are slow, so trivial items cost little and
/// slow ones still spread over every worker), compute them and hand the chunk to the consumer.
/// </summary>
internal sealed class LocalMapEngine<TItem, TResult> : IAsyncDisposable
{
    private const int MaxChunk = 1_024;
    private static readonly long QuickChunk = Stopwatch.Frequency / 10_000; // 100 us
    private static readonly long SlowChunk = Stopwatch.Frequency / 500; // 2 ms

    private readonly IEnumerator<TItem> _source;
    private readonly Func<TItem, CancellationToken, ValueTask<TResult>> _function;
    private readonly Func<TItem, TResult>? _synchronous;
    private readonly MapOptions _options;
    private readonly MapBudget _budget;
    private readonly Channel<MapChunk<TResult>> _done = Channel.CreateUnbounded<MapChunk<TResult>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<long, MapChunk<TResult>> _pending = [];
    private readonly CancellationTokenSource _stop;
    private readonly Task[] _workers;
    private readonly int _maxChunk;
    private long _next;
    private long _expected;
    private bool _sourceEnded;
    private int _running;
    private Exception? _sourceError;

    /// <summary>Starts the workers; <paramref name="synchronous"/>, when given, is the same function without the asynchronous wrapping (the fast path).</summary>
    public LocalMapEngine(IEnumerable<TItem> items, Func<TItem, CancellationToken, ValueTask<TResult>> function, Func<TItem, TResult>? synchronous, MapOptions options, CancellationToken cancellationToken)
    {
        _source = items.GetEnumerator();
        _function = function;
        _synchronous = options.ItemTimeout is null ? synchronous : null;
        _options = options;
        _budget = new MapBudget(options.BufferSize);
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var workers = options.Workers ?? Environment.ProcessorCount;
        _maxChunk = Math.Clamp(options.BufferSize / (2 * workers), 1, MaxChunk);
        _running = workers;
        _workers = new Task[workers];
        for (var i = 0; i < workers; i++)
        {
            _workers[i] = Task.Run(WorkAsync);
        }
    }

    /// <summary>The next chunk for the consumer (in order, or as completed); null at the end.</summary>
    public async ValueTask<MapChunk<TResult>?> NextAsync(CancellationToken cancellationToken)
    {
        var reader = _done.Reader;
        while (true)
        {
            if (!_options.Ordered && reader.TryRead(out var any))
            {
                return any;
            }
            if (_options.Ordered && _pending.Remove(_expected, out var next))
            {
                _expected += next.Count;
                return next;
            }
            if (_options.Ordered && reader.TryRead(out var chunk))
            {
                _pending[chunk.First] = chunk;
                continue;
            }
            if (!await reader.WaitToReadAsync(cancellationToken))
            {
                if (_sourceError is { } error)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
                }
                return null;
            }
        }
    }

    /// <summary>The consumer is done with a chunk: its room goes back to the workers.</summary>
    public void Consumed(MapChunk<TResult> chunk) => _budget.Give(chunk.Count);

    private async Task WorkAsync()
    {
        var token = _stop.Token;
        var size = 1;
        var batch = new TItem[_maxChunk];
        try
        {
            while (!token.IsCancellationRequested)
            {
                await _budget.TakeAsync(size, token);
                long first;
                var count = 0;
                lock (_source)
                {
                    first = _next;
                    while (count < size && !_sourceEnded)
                    {
                        if (_source.MoveNext())
                        {
                            batch[count++] = _source.Current;
                        }
                        else
                        {
                            _sourceEnded = true;
                        }
                    }
                    _next += count;
                }
                if (count < size)
                {
                    _budget.Give(size - count);
                }
                if (count == 0)
                {
                    return;
                }
                var started = Stopwatch.GetTimestamp();
                var chunk = new MapChunk<TResult>(first, count);
                if (_synchronous is { } synchronous)
                {
                    RunSynchronously(synchronous, chunk, batch, token);
                }
                else
                {
                    for (var i = 0; i < count; i++)
                    {
                        await RunOneAsync(chunk, i, batch[i], token);
                    }
                }
                Array.Clear(batch, 0, count);
                _done.Writer.TryWrite(chunk);
                var elapsed = Stopwatch.GetTimestamp() - started;
                size = elapsed < QuickChunk ? Math.Min(size * 2, _maxChunk) : elapsed > SlowChunk ? Math.Max(size / 2, 1) : size;
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // The source itself failed: the map ends with its error.
            _sourceError ??= e;
            _stop.Cancel();
        }
        finally
        {
            if (Interlocked.Decrement(ref _running) == 0)
            {
                _done.Writer.TryComplete();
            }
        }
    }

    private static void RunSynchronously(Func<TItem, TResult> function, MapChunk<TResult> chunk, TItem[] batch, CancellationToken token)
    {
        var results = chunk.Results;
        for (var i = 0; i < results.Length; i++)
        {
            try
            {
                results[i] = function(batch[i]);
            }
            catch (Exception e) when (!token.IsCancellationRequested)
            {
                chunk.Errors ??= new Exception?[chunk.Count];
                chunk.Errors[i] = e;
            }
        }
    }

    private ValueTask RunOneAsync(MapChunk<TResult> chunk, int offset, TItem item, CancellationToken token)
    {
        if (_options.ItemTimeout is null)
        {
            // Most items complete synchronously: no state machine for them.
            ValueTask<TResult> pending;
            try
            {
                pending = _function(item, token);
                if (pending.IsCompletedSuccessfully)
                {
                    chunk.Results[offset] = pending.Result;
                    return ValueTask.CompletedTask;
                }
            }
            catch (Exception e) when (!token.IsCancellationRequested)
            {
                chunk.Errors ??= new Exception?[chunk.Count];
                chunk.Errors[offset] = e;
                return ValueTask.CompletedTask;
            }
            return AwaitOneAsync(chunk, offset, pending, token);
        }
        return RunOneWithTimeoutAsync(chunk, offset, item, _options.ItemTimeout.Value, token);
    }

    private static async ValueTask AwaitOneAsync(MapChunk<TResult> chunk, int offset, ValueTask<TResult> pending, CancellationToken token)
    {
        try
        {
            chunk.Results[offset] = await pending;
        }
        catch (Exception e) when (!token.IsCancellationRequested)
        {
            chunk.Errors ??= new Exception?[chunk.Count];
            chunk.Errors[offset] = e;
        }
    }

    private async ValueTask RunOneWithTimeoutAsync(MapChunk<TResult> chunk, int offset, TItem item, TimeSpan timeout, CancellationToken token)
    {
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(token);
            limit.CancelAfter(timeout);
            try
            {
                chunk.Results[offset] = await _function(item, limit.Token).AsTask().WaitAsync(timeout, token);
            }
            catch (Exception e) when ((e is TimeoutException || e is OperationCanceledException) && !token.IsCancellationRequested)
            {
                throw new TimeoutException($"Item {chunk.First + offset} of the map ran longer than its limit of {timeout}.");
            }
        }
        catch (Exception e) when (!token.IsCancellationRequested)
        {
            chunk.Errors ??= new Exception?[chunk.Count];
            chunk.Errors[offset] = e;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Task.WhenAll(_workers);
        }
        catch (OperationCanceledException)
        {
        }
        lock (_source)
        {
            _source.Dispose();
        }
        _stop.Dispose();
    }
}
