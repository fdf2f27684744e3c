using JobRuntime.Grains.Execution;
using JobRuntime.Grains.Hosting;
using Microsoft.Extensions.Logging;

namespace JobRuntime.Grains.JavaScript;

/// <summary>
/// Runs JavaScript programs (<c>function Run(d)</c>, plain or async) in a pool of long-lived
/// Node.js worker processes started on first use, each under Node's permission model (no file
/// access, no child processes) with a V8 heap limit per job's memory limit. A job's program is
/// compiled once per worker in a fresh <c>vm</c> context holding only the language's globals and a
/// captured <c>console</c>: no <c>require</c>, <c>process</c>, <c>Buffer</c> or timers. Results
/// are JSON: <c>undefined</c>, <c>NaN</c> and <c>Infinity</c> become null.
/// </summary>
public sealed partial class JavaScriptExecutor : ITaskExecutor, IAvailability, IAsyncDisposable, IDisposable
{
    private readonly NodeOptions _options;
    private readonly ILogger _logger;
    private readonly Lazy<(NodeInstallation? Node, string? Reason)> _node;
    private readonly NodeWorkerPool _pool;

    /// <summary>Creates the executor; nothing starts until the first check or run.</summary>
    public JavaScriptExecutor(NodeOptions options, ILogger<JavaScriptExecutor> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        var invalid = new NodeOptionsValidator().Validate(null, options);
        if (invalid.Failed)
        {
            throw new ArgumentException(invalid.FailureMessage, nameof(options));
        }
        _options = options;
        _logger = logger;
        _node = new Lazy<(NodeInstallation?, string?)>(Locate, LazyThreadSafetyMode.ExecutionAndPublication);
        _pool = new NodeWorkerPool(options.Workers, StartWorkerAsync);
    }

    /// <summary>True when a usable <c>node</c> (version 20 or later) was found.</summary>
    public bool IsAvailable => _node.Value.Node is not null;

    /// <summary>Why JavaScript cannot run here (node missing or too old), or null when it can.</summary>
    public string? UnavailableReason => _node.Value.Reason;

    /// <inheritdoc/>
    public async Task<string?> CheckProgramAsync(string program, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(program);
        if (!IsAvailable)
        {
            return $"JavaScript cannot run here: {UnavailableReason}.";
        }
        if (string.IsNullOrWhiteSpace(program))
        {
            return "The program is empty: it must define a function Run(d).";
        }
        var worker = await _pool.RentAsync(null, _options.CheckMemoryLimitMb, cancellationToken);
        try
        {
            return await worker.CheckAsync(program, cancellationToken);
        }
        finally
        {
            _pool.Return(worker);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<TaskOutcome>> RunAsync(JobProgram program, IReadOnlyList<TaskInput> tasks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(program.TaskTimeout, TimeSpan.Zero, nameof(program));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(program.MemoryLimitMb, 0, nameof(program));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(program.OutputLimitBytes, 0, nameof(program));
        if (!IsAvailable)
        {
            throw new InvalidOperationException($"JavaScript cannot run here: {UnavailableReason}.");
        }
        if (tasks.Count == 0)
        {
            return [];
        }
        var batch = await RunOnWorkerAsync(program, tasks, strict: false, cancellationToken);
        if (!batch.Unsettled)
        {
            return batch.Outcomes;
        }
        // The worker died while gathering answers: run the unanswered tasks again, each answer
        // written as it ends, so that the timeout or limit lands on the task that caused it.
        var rest = tasks.Skip(batch.Outcomes.Count).ToArray();
        LogRerunning(_logger, program.JobId, rest.Length);
        var again = await RunOnWorkerAsync(program, rest, strict: true, cancellationToken);
        batch.Outcomes.AddRange(again.Outcomes);
        return batch.Outcomes;
    }

    private async Task<WorkerBatch> RunOnWorkerAsync(JobProgram program, IReadOnlyList<TaskInput> tasks, bool strict, CancellationToken cancellationToken)
    {
        // A worker that vanished before the batch reached it ran nothing: try once more on a fresh one.
        for (var attempt = 1; ; attempt++)
        {
            var worker = await _pool.RentAsync(program.MemoryLimitMb, program.MemoryLimitMb, cancellationToken);
            try
            {
                return await worker.RunAsync(program, tasks, strict, cancellationToken);
            }
            catch (NodeWorkerException e) when (e.BeforeStart && attempt == 1)
            {
                LogRetrying(_logger, program.JobId, e.Message);
            }
            finally
            {
                _pool.Return(worker);
            }
        }
    }

    /// <summary>The process ids of the idle workers (for tests and diagnostics).</summary>
    internal IReadOnlyList<int> IdleWorkerProcessIds() => _pool.IdleProcessIds();

    /// <summary>Kills every worker.</summary>
    public ValueTask DisposeAsync() => _pool.DisposeAsync();

    /// <summary>Kills every worker.</summary>
    public void Dispose() => _pool.DisposeAsync().AsTask().GetAwaiter().GetResult();

    private (NodeInstallation?, string?) Locate()
    {
        var (node, reason) = NodeLocator.Locate(_options.Path);
        if (node is null)
        {
            LogUnavailable(_logger, reason!);
        }
        else
        {
            LogFound(_logger, node.Version.ToString(), node.Path, node.PermissionFlag);
        }
        return (node, reason);
    }

    private Task<NodeWorker> StartWorkerAsync(int memoryLimitMb, CancellationToken cancellationToken) =>
        NodeWorker.StartAsync(_node.Value.Node!, WorkerScript.GetPath(), memoryLimitMb, _options, _logger, cancellationToken);

    [LoggerMessage(1, LogLevel.Warning, "JavaScript jobs cannot run on this silo: {Reason}.")]
    private static partial void LogUnavailable(ILogger logger, string reason);

    [LoggerMessage(2, LogLevel.Information, "Running JavaScript with node {Version} at '{Path}' ({PermissionFlag}).")]
    private static partial void LogFound(ILogger logger, string version, string path, string permissionFlag);

    [LoggerMessage(3, LogLevel.Warning, "A node worker was gone before a batch of job {JobId} started ({Reason}); running it on a new worker.")]
    private static partial void LogRetrying(ILogger logger, string jobId, string reason);

    [LoggerMessage(4, LogLevel.Information, "A node worker died during a batch of job {JobId}; running its {Count} unanswered tasks again, one answer at a time, to find the task at fault.")]
    private static partial void LogRerunning(ILogger logger, string jobId, int count);
}
