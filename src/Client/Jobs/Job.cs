using System.Runtime.CompilerServices;
using System.Text.Json;
using JobRuntime.GrainInterfaces;
using Orleans.Streams;

namespace JobRuntime.Client.Jobs;

/// <summary>A job: submit tasks, run them and read results and errors, as snapshots or live.</summary>
public sealed class Job
{
    private const int SubmitChunk = 4_096;

    private readonly IClusterClient _client;

    internal Job(IClusterClient client, string id)
    {
        _client = client;
        Id = id;
    }

    /// <summary>The job's id.</summary>
    public string Id { get; }

    private IJobGrain Grain => _client.GetGrain<IJobGrain>(Id);

    private IAsyncStream<JobEventPage<TaskResult>> ResultsStream => _client.GetStreamProvider(JobStreams.Provider).GetStream<JobEventPage<TaskResult>>(StreamId.Create(JobStreams.Results, Id));

    private IAsyncStream<JobEventPage<TaskFailure>> ErrorsStream => _client.GetStreamProvider(JobStreams.Provider).GetStream<JobEventPage<TaskFailure>>(StreamId.Create(JobStreams.Errors, Id));

    /// <summary>The job's fields and counters.</summary>
    public Task<JobInfo> GetInfoAsync() => Grain.GetInfo();

    /// <summary>What the job was created with: its program, kind, owner and options.</summary>
    public Task<JobSpec> GetSpecAsync() => Grain.GetSpec();

    /// <summary>
    /// Cancels the job (idempotent): it takes no more tasks, and its tasks that have not started end
    /// with an error of type <see cref="TaskError.Cancelled"/>, so runs end as usual. Returns its info (status "cancelled").
    /// </summary>
    public Task<JobInfo> CancelAsync() => Grain.Cancel();

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

    // One chunk in flight while the next is built: tasks get their indexes in the order they were
    // given (Orleans does not promise that concurrent calls arrive in the order they were made).
    internal async IAsyncEnumerable<TaskRange> SubmitChunksAsync(IAsyncEnumerable<string[]> chunks, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        const int InFlight = 1;
        var pending = new Queue<Task<TaskRange>>();
        await foreach (var chunk in chunks.WithCancellation(cancellationToken))
        {
            pending.Enqueue(Grain.SubmitJson(chunk));
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

    /// <summary>Every result recorded so far, in order, then the end.</summary>
    public async IAsyncEnumerable<JsonElement> GetResultsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in ReadResultsAsync(0, cancellationToken))
        {
            yield return item.Item.Value;
        }
    }

    /// <summary>Every error recorded so far, in order, then the end.</summary>
    public async IAsyncEnumerable<TaskError> GetErrorsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in ReadErrorsAsync(0, cancellationToken))
        {
            yield return item.Item.Error;
        }
    }

    /// <summary>The results recorded so far after position <paramref name="after"/> (0: all), each with its position, then the end.</summary>
    public IAsyncEnumerable<Positioned<TaskResult>> ReadResultsAsync(long after = 0, CancellationToken cancellationToken = default) =>
        JobEvents.ReadLogAsync(Grain.ReadResults, after, cancellationToken);

    /// <summary>The errors recorded so far after position <paramref name="after"/> (0: all), each with its position, then the end.</summary>
    public IAsyncEnumerable<Positioned<TaskFailure>> ReadErrorsAsync(long after = 0, CancellationToken cancellationToken = default) =>
        JobEvents.ReadLogAsync(Grain.ReadErrors, after, cancellationToken);

    /// <summary>
    /// Subscribes to results as they are recorded: from now or, when <paramref name="after"/> is
    /// given, from the first after that position (the <see cref="Positioned{T}.Position"/> of the
    /// last one seen), with no gap and no duplicate. The subscription exists when this returns.
    /// </summary>
    public Task<JobEventStream<TaskResult>> SubscribeResultsAsync(long? after = null) =>
        JobEventStream<TaskResult>.SubscribeAsync(ResultsStream, Grain.ReadResults, async () => (await Grain.GetInfo()).Finished, after);

    /// <summary>Subscribes to errors as they are recorded (see <see cref="SubscribeResultsAsync"/>).</summary>
    public Task<JobEventStream<TaskFailure>> SubscribeErrorsAsync(long? after = null) =>
        JobEventStream<TaskFailure>.SubscribeAsync(ErrorsStream, Grain.ReadErrors, async () => (await Grain.GetInfo()).Failed, after);

    /// <summary>Results as they are recorded, from now or after a position, until cancelled (see <see cref="SubscribeResultsAsync"/>).</summary>
    public async IAsyncEnumerable<Positioned<TaskResult>> GetResultsStream(long? after = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var subscription = await SubscribeResultsAsync(after);
        await foreach (var item in subscription.WithCancellation(cancellationToken))
        {
            yield return item;
        }
    }

    /// <summary>Errors as they are recorded, from now or after a position, until cancelled (see <see cref="SubscribeResultsAsync"/>).</summary>
    public async IAsyncEnumerable<Positioned<TaskFailure>> GetErrorsStream(long? after = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var subscription = await SubscribeErrorsAsync(after);
        await foreach (var item in subscription.WithCancellation(cancellationToken))
        {
            yield return item;
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

    // Tasks travel as their JSON text: the silo checks it, and nothing parses it until it runs.
    private static async IAsyncEnumerable<string[]> Chunk<T>(IAsyncEnumerable<T> items, int size, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var chunk = new List<string>(size);
        await foreach (var item in items.WithCancellation(cancellationToken))
        {
            chunk.Add(item is JsonElement element ? (element.ValueKind == JsonValueKind.Undefined ? "null" : element.GetRawText()) : JsonSerializer.Serialize(item));
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
