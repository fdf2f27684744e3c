using System.Runtime.CompilerServices;
using System.Text.Json;
using JobRuntime.GrainInterfaces;
using JobRuntime.Streams;

namespace JobRuntime.Client.Jobs;

/// <summary>A job: submit tasks, run them and read results and errors, as snapshots or live.</summary>
public sealed class Job
{
    private const int SubmitChunk = 1_000;

    private readonly IClusterClient _client;

    internal Job(IClusterClient client, string id)
    {
        _client = client;
        Id = id;
    }

    /// <summary>The job's id.</summary>
    public string Id { get; }

    private IJobGrain Grain => _client.GetGrain<IJobGrain>(Id);

    internal IAsyncStream<TaskResult> ResultsStream => _client.GetStreamProvider(JobStreams.Provider).GetStream<TaskResult>(StreamId.Create(JobStreams.Results, Id));

    internal IAsyncStream<TaskFailure> ErrorsStream => _client.GetStreamProvider(JobStreams.Provider).GetStream<TaskFailure>(StreamId.Create(JobStreams.Errors, Id));

    /// <summary>The job's fields and counters.</summary>
    public Task<JobInfo> GetInfoAsync() => Grain.GetInfo();

    /// <summary>Deletes the job.</summary>
    public Task DeleteAsync() => Grain.Delete();

    /// <summary>One task's state, result or error and console output.</summary>
    public Task<TaskView> GetTaskAsync(long index) => Grain.GetTask(index);

    /// <summary>Submits tasks (any JSON-serializable values); they are durable when this returns.</summary>
    public Task<long> SubmitTasksAsync<T>(IEnumerable<T> tasks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        return SubmitTasksAsync(ToAsync(tasks), cancellationToken);
    }

    /// <summary>Submits tasks from an async sequence (e.g. another job's results: chaining).</summary>
    public async Task<long> SubmitTasksAsync<T>(IAsyncEnumerable<T> tasks, CancellationToken cancellationToken = default)
    {
        long count = 0;
        await foreach (var range in SubmitChunksAsync(Chunk(tasks, SubmitChunk, cancellationToken), cancellationToken))
        {
            count += range.Count;
        }
        return count;
    }

    // Keeps a few chunks in flight: a chunk's round trip and its transaction overlap the next ones.
    internal async IAsyncEnumerable<TaskRange> SubmitChunksAsync(IAsyncEnumerable<JsonElement[]> chunks, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        const int InFlight = 4;
        var pending = new Queue<Task<TaskRange>>();
        await foreach (var chunk in chunks.WithCancellation(cancellationToken))
        {
            pending.Enqueue(Grain.SubmitTasks(chunk));
            if (pending.Count >= InFlight)
            {
                yield return await pending.Dequeue();
            }
        }
        while (pending.Count > 0)
        {
            yield return await pending.Dequeue();
        }
    }

    /// <summary>
    /// Runs tasks: submits them and yields their results as they are computed (in no particular
    /// order), ending when every task of this call has a result or an error; the errors are in
    /// <see cref="JobRun.Errors"/>. Accepts any sequence, including another run (chaining).
    /// </summary>
    public JobRun RunAsync<T>(IEnumerable<T> tasks) =>
        new(this, ct => Chunk(ToAsync(tasks), SubmitChunk, ct));

    /// <summary>Runs tasks from an async sequence (see the other overload).</summary>
    public JobRun RunAsync<T>(IAsyncEnumerable<T> tasks) =>
        new(this, ct => Chunk(tasks, SubmitChunk, ct));

    /// <summary>Runs tasks and deserializes each result as <typeparamref name="TResult"/>.</summary>
    public async IAsyncEnumerable<TResult> RunAsync<TTask, TResult>(IEnumerable<TTask> tasks, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var result in RunAsync(tasks).WithCancellation(cancellationToken))
        {
            yield return result.Deserialize<TResult>()!;
        }
    }

    internal IAsyncEnumerable<(TaskResult Item, StreamSequenceToken? Token)> ReadResults(StreamSequenceToken? from, CancellationToken cancellationToken) =>
        StreamReader.ReadAsync(ResultsStream, from, cancellationToken);

    internal IAsyncEnumerable<(TaskFailure Item, StreamSequenceToken? Token)> ReadErrors(StreamSequenceToken? from, CancellationToken cancellationToken) =>
        StreamReader.ReadAsync(ErrorsStream, from, cancellationToken);

    /// <summary>Every result computed so far, then the end.</summary>
    public async IAsyncEnumerable<JsonElement> GetResultsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var info = await GetInfoAsync();
        await foreach (var item in Snapshot(ReadResults(StreamSequenceToken.Beginning, cancellationToken), info.Finished))
        {
            yield return item.Value;
        }
    }

    /// <summary>Every error so far, then the end.</summary>
    public async IAsyncEnumerable<TaskError> GetErrorsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var info = await GetInfoAsync();
        await foreach (var item in Snapshot(ReadErrors(StreamSequenceToken.Beginning, cancellationToken), info.Failed))
        {
            yield return item.Error;
        }
    }

    /// <summary>Results as they are computed, from now (or after <paramref name="from"/>), until cancelled. Each comes with its position.</summary>
    public IAsyncEnumerable<(TaskResult Result, StreamSequenceToken? Position)> GetResultsStream(StreamSequenceToken? from = null, CancellationToken cancellationToken = default) =>
        ReadResults(from, cancellationToken);

    /// <summary>Errors as they happen, from now (or after <paramref name="from"/>), until cancelled.</summary>
    public IAsyncEnumerable<(TaskFailure Error, StreamSequenceToken? Position)> GetErrorsStream(StreamSequenceToken? from = null, CancellationToken cancellationToken = default) =>
        ReadErrors(from, cancellationToken);

    private static async IAsyncEnumerable<T> Snapshot<T>(IAsyncEnumerable<(T Item, StreamSequenceToken? Token)> items, long count)
    {
        if (count == 0)
        {
            yield break;
        }
        long seen = 0;
        await foreach (var (item, _) in items)
        {
            yield return item;
            if (++seen >= count)
            {
                yield break;
            }
        }
    }

    private static async IAsyncEnumerable<T> ToAsync<T>(IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            yield return item;
        }
        await Task.CompletedTask;
    }

    private static async IAsyncEnumerable<JsonElement[]> Chunk<T>(IAsyncEnumerable<T> items, int size, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var chunk = new List<JsonElement>(size);
        await foreach (var item in items.WithCancellation(cancellationToken))
        {
            chunk.Add(item is JsonElement element ? element : JsonSerializer.SerializeToElement(item));
            if (chunk.Count == size)
            {
                yield return [.. chunk];
                chunk.Clear();
            }
        }
        if (chunk.Count > 0)
        {
            yield return [.. chunk];
        }
    }
}
