using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using JobRuntime.Client.Jobs;
using JobRuntime.GrainInterfaces;

namespace JobRuntime.Client.Map;

/// <summary>
/// One cluster map: a job whose tasks are the items. Items are submitted while the consumer reads
/// (no further ahead than the buffer, and no more outstanding than the worker count), outcomes
/// arrive on the job's results and errors streams, and are put back in item order.
/// </summary>
internal sealed class ClusterMapRun<TResult>(IClusterClient client, JobClient jobs, MapRun<TResult> run, MapOptions options)
{
    private const int ChunkSize = 1_000;

    private readonly Channel<(long Index, JsonElement? Value, TaskError? Error)> _outcomes = Channel.CreateUnbounded<(long, JsonElement?, TaskError?)>();
    private readonly List<(long First, int Count, long Position)> _ranges = [];
    private readonly MapBudget _buffer = new(options.BufferSize);
    private readonly MapBudget? _workers = options.Workers is { } workers ? new MapBudget(workers) : null;
    private long _total = -1;

    public async IAsyncEnumerable<TResult> RunAsync(string program, ProgramKind kind, IAsyncEnumerable<JsonElement> items, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var timeout = options.ItemTimeout ?? TimeSpan.FromSeconds(30);
        var job = await jobs.CreateJobAsync(program, new JobOptions(TaskTimeoutSeconds: timeout.TotalSeconds), kind);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pumps = new List<Task>();
        Task? submitting = null;
        try
        {
            var results = await job.SubscribeResultsAsync(0);
            var errors = await job.SubscribeErrorsAsync(0);
            pumps.Add(PumpAsync(results, r => (r.Index, r.Value, null), stop.Token));
            pumps.Add(PumpAsync(errors, e => (e.Index, null, e.Error), stop.Token));
            submitting = Task.Run(() => SubmitAsync(client.GetGrain<IJobGrain>(job.Id), items, stop.Token), stop.Token);
            _ = submitting.ContinueWith(_ => _outcomes.Writer.TryWrite((-1, null, null)), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

            var unplaced = new List<(long Index, JsonElement? Value, TaskError? Error)>();
            var ready = new Dictionary<long, (JsonElement? Value, TaskError? Error)>();
            long next = 0, yielded = 0;
            while (true)
            {
                if (submitting.IsCompleted)
                {
                    await submitting; // a failed submission ends the map with its error
                    if (yielded == Volatile.Read(ref _total))
                    {
                        yield break;
                    }
                }
                var outcome = await _outcomes.Reader.ReadAsync(stop.Token);
                if (outcome.Index >= 0)
                {
                    unplaced.Add(outcome);
                }
                for (var i = unplaced.Count - 1; i >= 0; i--)
                {
                    if (Place(unplaced[i].Index) is not { } position)
                    {
                        continue;
                    }
                    var (_, value, error) = unplaced[i];
                    unplaced.RemoveAt(i);
                    _workers?.Give(1);
                    if (options.Ordered)
                    {
                        ready.TryAdd(position, (value, error));
                    }
                    else
                    {
                        yielded++;
                        yield return Emit(position, value, error);
                    }
                }
                while (options.Ordered && ready.Remove(next, out var slot))
                {
                    yielded++;
                    yield return Emit(next, slot.Value, slot.Error);
                    next++;
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Quietly(submitting);
            foreach (var pump in pumps)
            {
                await Quietly(pump);
            }
            // The map's job goes: no worker picks up what is left of it.
            try
            {
                await job.DeleteAsync();
            }
            catch (JobRuntimeException)
            {
            }
        }
    }

    private TResult Emit(long position, JsonElement? value, TaskError? error)
    {
        _buffer.Give(1);
        if (error is not null)
        {
            var failure = new MapItemFailedException(position, error);
            if (!options.SuppressErrors)
            {
                throw failure;
            }
            run.AddError(new MapError(position, failure));
            return default!;
        }
        return value is { } v ? v.Deserialize<TResult>(JsonSerializerOptions.Web)! : default!;
    }

    private long? Place(long index)
    {
        lock (_ranges)
        {
            foreach (var (first, count, position) in _ranges)
            {
                if (index >= first && index < first + count)
                {
                    return position + (index - first);
                }
            }
        }
        return null;
    }

    private async Task SubmitAsync(IJobGrain grain, IAsyncEnumerable<JsonElement> items, CancellationToken cancellationToken)
    {
        var chunk = new List<JsonElement>(ChunkSize);
        long position = 0;
        async Task FlushAsync()
        {
            if (chunk.Count == 0)
            {
                return;
            }
            var range = await grain.SubmitTasks([.. chunk]);
            lock (_ranges)
            {
                _ranges.Add((range.First, range.Count, position - chunk.Count));
            }
            chunk.Clear();
            _outcomes.Writer.TryWrite((-1, null, null));
        }
        await foreach (var item in items.WithCancellation(cancellationToken))
        {
            var room = _buffer.TakeAsync(1, cancellationToken);
            if (!room.IsCompleted)
            {
                await FlushAsync();
            }
            await room;
            if (_workers is not null)
            {
                var worker = _workers.TakeAsync(1, cancellationToken);
                if (!worker.IsCompleted)
                {
                    await FlushAsync();
                }
                await worker;
            }
            chunk.Add(item);
            position++;
            if (chunk.Count == ChunkSize)
            {
                await FlushAsync();
            }
        }
        await FlushAsync();
        Volatile.Write(ref _total, position);
    }

    private async Task PumpAsync<T>(JobEventStream<T> events, Func<T, (long, JsonElement?, TaskError?)> outcome, CancellationToken cancellationToken)
    {
        await using (events)
        {
            try
            {
                await foreach (var item in events.WithCancellation(cancellationToken))
                {
                    _outcomes.Writer.TryWrite(outcome(item.Item));
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }
        }
    }

    private static async Task Quietly(Task? task)
    {
        if (task is null)
        {
            return;
        }
        try
        {
            await task;
        }
        catch (Exception)
        {
            // Stopping: the map's own outcome was already decided.
        }
    }
}
