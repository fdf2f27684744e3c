using System.Collections.Concurrent;
using System.Text.Json;
using JobRuntime.GrainInterfaces;
using JobRuntime.Grains.Execution;
using JobRuntime.Grains.Telemetry;
using JobRuntime.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobRuntime.Grains.Jobs;

/// <summary>
/// The silo's task worker: leases batches of tasks from the durable queue, runs them on the job's
/// executor under a concurrency limit, and records each outcome (exactly once, with its stream
/// event in the same transaction) before giving back tasks that did not run. Active jobs share the slots in proportion to
/// their bids (stride scheduling), so none starves. While a batch runs its leases are renewed;
/// if the silo dies they run out and another worker (or this silo after a restart) runs the tasks.
/// </summary>
internal sealed partial class TaskWorker : BackgroundService
{
    private readonly ITaskQueueStore _store;
    private readonly JobExecutors _executors;
    private readonly JobsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly JobsMetrics _metrics;
    private readonly string _workerId = Guid.NewGuid().ToString("N");
    private readonly SemaphoreSlim _slots;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly ConcurrentDictionary<string, JobDefinition> _definitions = new();
    private readonly Dictionary<string, double> _pass = [];
    private static readonly TimeSpan RunnableRefresh = TimeSpan.FromMilliseconds(200);
    private IReadOnlyList<(string Id, double Bid)> _runnable = [];
    private DateTimeOffset _runnableAt;

    public TaskWorker(ITaskQueueStore store, JobExecutors executors, IOptions<JobsOptions> options, TimeProvider time, ILogger<TaskWorker> logger, JobsMetrics metrics)
    {
        _metrics = metrics;
        _store = store;
        _executors = executors;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _slots = new SemaphoreSlim(_options.Concurrency, _options.Concurrency);
    }

    /// <summary>Tells the worker that tasks may be waiting (a job got tasks).</summary>
    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already awake.
        }
    }

    /// <summary>Drops what the worker remembers of a deleted job.</summary>
    public void Forget(string jobId) => _definitions.TryRemove(jobId, out _);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var running = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _slots.WaitAsync(stoppingToken);
                var batch = await NextBatchAsync(stoppingToken);
                if (batch is null)
                {
                    _slots.Release();
                    await WaitForWorkAsync(stoppingToken);
                    continue;
                }
                running.RemoveAll(t => t.IsCompleted);
                running.Add(RunBatchAsync(batch.Value.JobId, batch.Value.Tasks, stoppingToken));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                LogLoopFailed(_logger, e);
                await Task.Delay(_options.PollInterval, _time, CancellationToken.None);
            }
        }
        await Task.WhenAll(running);
    }

    private async Task WaitForWorkAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _wake.WaitAsync(_options.PollInterval, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    // Picks the runnable job that has had the least service per unit of bid, and leases a batch of it.
    private async Task<(string JobId, IReadOnlyList<LeasedTask> Tasks)?> NextBatchAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        // The list of runnable jobs is reused for a moment: while jobs have full batches to lease,
        // looking them up again for every batch only costs a read per batch.
        if (_runnable.Count == 0 || now - _runnableAt > RunnableRefresh)
        {
            _runnable = await _store.ListRunnableAsync(now, cancellationToken);
            _runnableAt = now;
        }
        var runnable = _runnable;
        if (runnable.Count == 0)
        {
            return null;
        }
        var floor = _pass.Count == 0 ? 0 : _pass.Values.Min();
        foreach (var (id, _) in runnable)
        {
            _pass.TryAdd(id, floor);
        }
        foreach (var stale in _pass.Keys.Except(runnable.Select(r => r.Id)).ToList())
        {
            _pass.Remove(stale);
        }
        foreach (var (id, bid) in runnable.OrderBy(r => _pass[r.Id]))
        {
            _pass[id] += 1 / bid;
            var leased = await _store.LeaseTasksAsync(id, _workerId, _options.BatchSize, now, now + _options.LeaseDuration, cancellationToken);
            if (leased.Count > 0)
            {
                _metrics.Leased(leased.Count);
                return (id, leased);
            }
        }
        _runnable = [];
        return null;
    }

    private async Task RunBatchAsync(string jobId, IReadOnlyList<LeasedTask> leased, CancellationToken stoppingToken)
    {
        await Task.Yield();
        using var scope = _logger.BeginScope(new Dictionary<string, object> { ["JobId"] = jobId, ["WorkerId"] = _workerId, ["TaskIndexes"] = $"{leased[0].Index}..{leased[^1].Index}" });
        using var activity = JobsTracing.StartJob("job run tasks", jobId);
        activity?.SetTag("jobruntime.tasks.count", leased.Count);
        using var heartbeat = _time.CreateTimer(_ => _ = ExtendAsync(jobId), null, _options.LeaseDuration / 3, _options.LeaseDuration / 3);
        try
        {
            var definition = await GetDefinitionAsync(jobId);
            if (definition is null)
            {
                return; // deleted: its tasks are gone
            }
            var program = new JobProgram(jobId, definition.Program, TimeSpan.FromSeconds(definition.Options.TaskTimeoutSeconds), definition.Options.MemoryLimitMb, definition.Options.OutputLimitBytes);
            var inputs = new TaskInput[leased.Count];
            for (var i = 0; i < leased.Count; i++)
            {
                inputs[i] = new TaskInput(leased[i].Index, ParseTask(leased[i].Payload));
            }
            var outcomes = await _executors.For(definition.Kind).RunAsync(program, inputs, stoppingToken);
            await RecordAsync(jobId, leased, outcomes);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The silo is stopping: give the tasks back so that they run again at once elsewhere or
            // after a restart. If that fails too, their leases run out and they run again then.
            await TryReleaseAsync(jobId, leased);
        }
        catch (Exception e)
        {
            LogBatchFailed(_logger, jobId, e);
            await _store.ReleaseTasksAsync(jobId, _workerId, leased, CancellationToken.None);
        }
        finally
        {
            _metrics.Released(leased.Count);
            _slots.Release();
            Wake();
        }
    }

    private async Task TryReleaseAsync(string jobId, IReadOnlyList<LeasedTask> leased)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _store.ReleaseTasksAsync(jobId, _workerId, leased, timeout.Token);
        }
        catch (Exception e)
        {
            LogReleaseFailed(_logger, jobId, e);
        }
    }

    private static JsonElement ParseTask(byte[] payload)
    {
        using var document = JsonDocument.Parse(payload);
        return document.RootElement.Clone();
    }

    private async Task RecordAsync(string jobId, IReadOnlyList<LeasedTask> leased, IReadOnlyList<TaskOutcome> outcomes)
    {
        var attempts = leased.ToDictionary(t => t.Index, t => t.Attempt);
        var records = new List<TaskOutcomeRecord>(outcomes.Count);
        foreach (var outcome in outcomes)
        {
            if (!attempts.TryGetValue(outcome.Index, out var attempt))
            {
                continue;
            }
            var log = outcome.Log.Length == 0 ? null : JsonSerializer.SerializeToUtf8Bytes(outcome.Log);
            var compute = (long)outcome.Elapsed.TotalMilliseconds;
            if (outcome.Error is { } error)
            {
                var item = JsonSerializer.SerializeToUtf8Bytes(new TaskFailure(outcome.Index, error), JsonSerializerOptions.Web);
                records.Add(new TaskOutcomeRecord(outcome.Index, attempt, true, JsonSerializer.SerializeToUtf8Bytes(error), log, compute, JobStreams.Errors, item));
            }
            else
            {
                var value = outcome.Result ?? default;
                var item = JsonSerializer.SerializeToUtf8Bytes(new TaskResult(outcome.Index, value), JsonSerializerOptions.Web);
                var detail = value.ValueKind == JsonValueKind.Undefined ? "null"u8.ToArray() : System.Text.Encoding.UTF8.GetBytes(value.GetRawText());
                records.Add(new TaskOutcomeRecord(outcome.Index, attempt, false, detail, log, compute, JobStreams.Results, item));
            }
        }
        // The stream provider's receiver finds the appended events in the log by itself.
        await _store.RecordOutcomesAsync(jobId, _workerId, JobStreams.Provider, records);
        foreach (var outcome in outcomes)
        {
            _metrics.Ended(outcome.Error is not null, outcome.Elapsed);
        }
        var ran = outcomes.Select(o => o.Index).ToHashSet();
        var notRun = leased.Where(t => !ran.Contains(t.Index)).ToList();
        if (notRun.Count > 0)
        {
            await _store.ReleaseTasksAsync(jobId, _workerId, notRun);
        }
    }

    private async Task ExtendAsync(string jobId)
    {
        try
        {
            await _store.ExtendLeasesAsync(jobId, _workerId, _time.GetUtcNow() + _options.LeaseDuration);
        }
        catch (Exception e)
        {
            LogHeartbeatFailed(_logger, jobId, e);
        }
    }

    private async Task<JobDefinition?> GetDefinitionAsync(string jobId)
    {
        if (_definitions.TryGetValue(jobId, out var definition))
        {
            return definition;
        }
        var queue = await _store.GetQueueAsync(jobId);
        if (queue is null)
        {
            return null;
        }
        definition = JsonSerializer.Deserialize<JobDefinition>(queue.Definition)!;
        _definitions[jobId] = definition;
        return definition;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The task worker's loop failed; retrying")]
    private static partial void LogLoopFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Error, Message = "A batch of job {JobId} failed; its tasks are given back")]
    private static partial void LogBatchFailed(ILogger logger, string jobId, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Giving back the unfinished tasks of job {JobId} at shutdown failed; their leases will run out")]
    private static partial void LogReleaseFailed(ILogger logger, string jobId, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the leases of job {JobId} failed")]
    private static partial void LogHeartbeatFailed(ILogger logger, string jobId, Exception error);
}
