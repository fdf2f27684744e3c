using System.Text;
using System.Text.Json;
using JobRuntime.GrainInterfaces;
using JobRuntime.Grains.Execution;
using JobRuntime.Grains.Telemetry;
using JobRuntime.Storage;
using Orleans.Concurrency;

namespace JobRuntime.Grains.Jobs;

/// <summary>
/// A job's front door: creation (with the program checked), metadata, task submission and
/// deletion. Tasks do not pass through the grain's state: they go straight to the durable queue,
/// and the silo's task workers run them without activating anything per task.
/// </summary>
[Reentrant] // every method is one storage call that the database orders; submissions overlap and share commits
internal sealed class JobGrain(ITaskQueueStore store, JobExecutors executors, TaskWorker worker, JobsMetrics metrics) : Grain, IJobGrain
{
    private const int MaxRead = 10_000;

    private string Id => this.GetPrimaryKeyString();

    public async Task<JobInfo> Create(JobSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        using var activity = JobsTracing.StartJob("job create", Id);
        Validate(spec);
        var problem = await executors.For(spec.Kind).CheckProgramAsync(spec.Program, CancellationToken.None);
        if (problem is not null)
        {
            throw new InvalidJobException(problem);
        }
        var definition = JsonSerializer.SerializeToUtf8Bytes(new JobDefinition(spec.Program, spec.Kind, spec.Options));
        await store.CreateQueueAsync(new TaskQueueRecord(Id, spec.Owner, spec.Options.Bid, "active", definition, 0, 0, 0, 0, default, default, null));
        return await GetInfo();
    }

    private static void Validate(JobSpec spec)
    {
        if (string.IsNullOrWhiteSpace(spec.Program))
        {
            throw new InvalidJobException("The job has no program.");
        }
        if (string.IsNullOrWhiteSpace(spec.Owner))
        {
            throw new InvalidJobException("The job has no owner.");
        }
        var options = spec.Options;
        if (!double.IsFinite(options.Bid) || options.Bid <= 0)
        {
            throw new InvalidJobException($"bid must be a positive number; it is {options.Bid}.");
        }
        if (!double.IsFinite(options.TaskTimeoutSeconds) || options.TaskTimeoutSeconds <= 0 || options.TaskTimeoutSeconds > 86_400)
        {
            throw new InvalidJobException($"The task time limit must be between 0 and 86400 seconds; it is {options.TaskTimeoutSeconds}.");
        }
        if (options.MemoryLimitMb is < 16 or > 65_536)
        {
            throw new InvalidJobException($"The memory limit must be 16 to 65536 MB; it is {options.MemoryLimitMb}.");
        }
        if (options.OutputLimitBytes is < 16 or > 64 << 20)
        {
            throw new InvalidJobException($"The output limit must be 16 bytes to 64 MiB; it is {options.OutputLimitBytes}.");
        }
    }

    public async Task<JobInfo> GetInfo()
    {
        var queue = await store.GetQueueAsync(Id) ?? throw new JobNotFoundException($"Job '{Id}' does not exist or was deleted.");
        return ToInfo(queue);
    }

    public async Task<JobSpec> GetSpec()
    {
        var queue = await store.GetQueueAsync(Id) ?? throw new JobNotFoundException($"Job '{Id}' does not exist or was deleted.");
        var definition = JsonSerializer.Deserialize<JobDefinition>(queue.Definition)!;
        return new JobSpec(definition.Program, definition.Kind, queue.Owner, definition.Options);
    }

    internal static JobInfo ToInfo(TaskQueueRecord queue)
    {
        var definition = JsonSerializer.Deserialize<JobDefinition>(queue.Definition)!;
        return new JobInfo(
            queue.Id, queue.Owner, definition.Kind, queue.Status, queue.Bid,
            queue.Total, queue.Finished, queue.Failed,
            queue.Created, queue.Modified, queue.LastOutcome,
            queue.ComputeMilliseconds / 3_600_000.0);
    }

    public async Task<TaskRange> SubmitTasks(JsonElement[] tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        if (tasks.Length == 0)
        {
            return new TaskRange(0, 0);
        }
        using var activity = JobsTracing.StartJob("job submit", Id);
        activity?.SetTag("jobruntime.tasks.count", tasks.Length);
        var payloads = new byte[tasks.Length][];
        for (var i = 0; i < tasks.Length; i++)
        {
            payloads[i] = Encoding.UTF8.GetBytes(tasks[i].GetRawText());
        }
        long first;
        try
        {
            first = await store.AppendTasksAsync(Id, payloads);
        }
        catch (KeyNotFoundException e)
        {
            throw new JobNotFoundException(e.Message);
        }
        metrics.Submitted(tasks.Length);
        worker.Wake();
        return new TaskRange(first, tasks.Length);
    }

    public async Task<TaskView> GetTask(long index)
    {
        await GetInfo();
        var task = await store.GetTaskAsync(Id, index) ?? throw new KeyNotFoundException($"Job '{Id}' has no task {index}.");
        var state = task.State switch { 0 => "pending", 1 => "running", 2 => "done", _ => "failed" };
        JsonElement? result = null;
        TaskError? error = null;
        if (task.State == 2 && task.Outcome is { } done)
        {
            result = JsonDocument.Parse(done).RootElement.Clone();
        }
        else if (task.State == 3 && task.Outcome is { } failed)
        {
            error = JsonSerializer.Deserialize<TaskError>(failed);
        }
        var log = task.Log is null ? [] : JsonSerializer.Deserialize<string[]>(task.Log) ?? [];
        return new TaskView(task.Index, state, task.Attempts, result, error, log);
    }

    public Task<Positioned<TaskResult>[]> ReadResults(long after, int max) => ReadAsync<TaskResult>(JobStreams.Results, after, max);

    public Task<Positioned<TaskFailure>[]> ReadErrors(long after, int max) => ReadAsync<TaskFailure>(JobStreams.Errors, after, max);

    private async Task<Positioned<T>[]> ReadAsync<T>(string streamNamespace, long after, int max)
    {
        if (max is < 1 or > MaxRead)
        {
            throw new ArgumentOutOfRangeException(nameof(max), max, $"A read takes 1 to {MaxRead} events.");
        }
        await GetInfo();
        var events = await store.ReadStreamAsync(JobStreams.Provider, streamNamespace, Id, after, max);
        var items = new Positioned<T>[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            items[i] = new Positioned<T>(events[i].Sequence, JsonSerializer.Deserialize<T>(events[i].Payload, JsonSerializerOptions.Web)!);
        }
        return items;
    }

    public async Task Delete()
    {
        if (!await store.DeleteQueueAsync(Id))
        {
            throw new JobNotFoundException($"Job '{Id}' does not exist or was deleted.");
        }
        worker.Forget(Id);
        DeactivateOnIdle();
    }
}

/// <summary>Lists and deletes the jobs of one owner (the key).</summary>
internal sealed class JobDirectoryGrain(ITaskQueueStore store, TaskWorker worker) : Grain, IJobDirectoryGrain
{
    public async Task<JobInfo[]> List() =>
        [.. (await store.ListQueuesAsync(this.GetPrimaryKeyString())).Select(JobGrain.ToInfo)];

    public async Task<int> DeleteAll()
    {
        var deleted = 0;
        foreach (var queue in await store.ListQueuesAsync(this.GetPrimaryKeyString()))
        {
            if (await store.DeleteQueueAsync(queue.Id))
            {
                worker.Forget(queue.Id);
                deleted++;
            }
        }
        return deleted;
    }
}
