using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Text.Json;
using JobRuntime.Grains.Execution;
using Microsoft.Extensions.Logging;

namespace JobRuntime.Grains.JavaScript;

/// <summary>The outcomes of a batch on one worker.</summary>
/// <param name="Outcomes">The tasks that ended, in order.</param>
/// <param name="Unsettled">The worker died with several tasks unanswered while gathering answers: which one was in flight is unknown.</param>
internal sealed record WorkerBatch(List<TaskOutcome> Outcomes, bool Unsettled);

/// <summary>
/// One long-lived <c>node</c> process running worker.js under the permission model, with one heap
/// limit. It runs one batch at a time. A watchdog kills it (SIGKILL) when the task in flight runs
/// past its time limit or the process's resident memory goes over its limit; the batch then ends
/// with that task's timeout or limit error, and the tasks after it are left out.
/// </summary>
internal sealed partial class NodeWorker : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Stream _stdin;
    private readonly PipeReader _stdout;
    private readonly Queue<string> _stderrTail = new();
    private readonly Task _stderrPump;
    private readonly Task _watchdog;
    private readonly NodeOptions _options;
    private readonly ILogger _logger;
    private readonly ArrayBufferWriter<byte> _output = new(64 * 1024);
    private readonly Utf8JsonWriter _writer;
    private readonly List<string> _programs = [];
    private readonly List<string> _evicted = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly long _memoryLimitBytes;
    private long _progress;
    private long _allowedTicks;
    private long _residentAtKill;
    private int _exit;

    private NodeWorker(Process process, int memoryLimitMb, NodeOptions options, ILogger logger)
    {
        _process = process;
        _options = options;
        _logger = logger;
        MemoryLimitMb = memoryLimitMb;
        ProcessId = process.Id;
        _memoryLimitBytes = (long)((memoryLimitMb * options.MemoryLimitFactor + options.MemoryBaselineMb) * 1024 * 1024);
        _stdin = process.StandardInput.BaseStream;
        _stdout = PipeReader.Create(process.StandardOutput.BaseStream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024, leaveOpen: true));
        _writer = NodeProtocol.CreateWriter(_output);
        _stderrPump = Task.Run(PumpStderrAsync);
        _watchdog = Task.Run(WatchAsync);
    }

    private enum Exit
    {
        None,
        Timeout,
        Memory,
        Crash,
        Canceled,
        Disposed,
    }

    /// <summary>The V8 heap limit this worker runs with (<c>--max-old-space-size</c>).</summary>
    public int MemoryLimitMb { get; }

    /// <summary>The node process's id.</summary>
    public int ProcessId { get; }

    /// <summary>False once the process died or was killed; the pool then replaces it.</summary>
    public bool IsAlive => Volatile.Read(ref _exit) == (int)Exit.None && !_process.HasExited;

    /// <summary>
    /// The command line of a worker: the permission model with read access to the script alone (so
    /// no other file reads or writes, no child processes), one worker thread (the script's watch on
    /// its parent, after which it takes worker threads away), and the heap limit. V8's compilation
    /// cache is off: it is shared by every context of the process, and code that one job compiles
    /// with eval or new Function would otherwise carry that job's file name into another job's
    /// stacks when the other compiles the same text.
    /// </summary>
    public static IReadOnlyList<string> Arguments(NodeInstallation node, string script, int memoryLimitMb) =>
        [node.PermissionFlag, $"--allow-fs-read={script}", "--allow-worker", $"--max-old-space-size={memoryLimitMb}", "--no-compilation-cache", "--no-warnings", script];

    /// <summary>Starts a worker and waits until it reports ready.</summary>
    public static async Task<NodeWorker> StartAsync(NodeInstallation node, string script, int memoryLimitMb, NodeOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(node.Path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(script),
        };
        foreach (var argument in Arguments(node, script, memoryLimitMb))
        {
            start.ArgumentList.Add(argument);
        }
        // Nothing from the silo's environment (NODE_OPTIONS above all) reaches the worker.
        var keep = start.Environment.Where(e => e.Key is "TZ" or "LANG" or "LC_ALL").ToList();
        start.Environment.Clear();
        foreach (var (key, value) in keep)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new NodeWorkerException($"'{node.Path}' did not start.") { BeforeStart = true };
        var worker = new NodeWorker(process, memoryLimitMb, options, logger);
        try
        {
            using var registration = cancellationToken.Register(static w => ((NodeWorker)w!).Kill(Exit.Canceled), worker);
            worker.Arm(options.StartTimeout);
            var ready = await worker.ReadAnswerAsync();
            worker.Disarm();
            cancellationToken.ThrowIfCancellationRequested();
            if (ready is not { Kind: WorkerAnswerKind.Ready })
            {
                await worker.WaitForExitAsync();
                throw new NodeWorkerException($"The node worker did not start: {worker.StderrTail(6)}") { BeforeStart = true };
            }
            LogStarted(logger, worker.ProcessId, node.Version.ToString(), memoryLimitMb);
            return worker;
        }
        catch
        {
            await worker.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Runs a batch: returns the outcomes of the tasks that ended, in order. When the worker dies
    /// (timeout, memory, crash) the task in flight gets the matching error and the rest are left
    /// out. With <paramref name="strict"/> false the worker gathers answers (fewer writes and
    /// wake-ups), so when it dies with more than one task unanswered the batch is
    /// <see cref="WorkerBatch.Unsettled"/>: it does not know which task was in flight.
    /// </summary>
    public async Task<WorkerBatch> RunAsync(JobProgram program, IReadOnlyList<TaskInput> tasks, bool strict, CancellationToken cancellationToken)
    {
        var withProgram = Remember(program.JobId);
        _output.ResetWrittenCount();
        NodeProtocol.WriteRun(_writer, _output, program, withProgram, _evicted, tasks, LoadTimeoutMs(program.TaskTimeout), strict ? 0 : FlushEveryMs(program.TaskTimeout));
        using var registration = cancellationToken.Register(static w => ((NodeWorker)w!).Kill(Exit.Canceled), this);
        Arm(program.TaskTimeout);
        try
        {
            await SendAsync(cancellationToken);
            // Lines are only counted as they come (each renews the watchdog), and parsed at the end.
            var answered = 0L;
            var scanned = 0L;
            ReadResult read;
            while (true)
            {
                read = await ReadAsync();
                var fresh = read.Buffer.Slice(scanned);
                scanned = read.Buffer.Length;
                var lines = CountLines(fresh);
                if (lines > 0)
                {
                    answered += lines;
                    Volatile.Write(ref _progress, Stopwatch.GetTimestamp());
                }
                if (answered >= tasks.Count || read.IsCompleted)
                {
                    break;
                }
                _stdout.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            }

            var outcomes = new List<TaskOutcome>(tasks.Count);
            var buffer = read.Buffer;
            var consumed = buffer.Start;
            try
            {
                if (LastLineEnd(buffer) is { } end)
                {
                    NodeProtocol.ParseAnswers(buffer.Slice(0, end), tasks, outcomes);
                    consumed = end;
                }
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or NodeWorkerException)
            {
                Kill(Exit.Crash);
                throw e as NodeWorkerException ?? new NodeWorkerException($"The node worker {ProcessId} wrote answers that could not be read: {e.Message}", e);
            }
            finally
            {
                _stdout.AdvanceTo(consumed, buffer.End);
            }
            if (outcomes.Count == tasks.Count)
            {
                return new WorkerBatch(outcomes, Unsettled: false);
            }

            ThrowIfStopped(cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(Volatile.Read(ref _progress));
            var error = await ExitErrorAsync(program.TaskTimeout);
            if (!strict && tasks.Count - outcomes.Count > 1)
            {
                return new WorkerBatch(outcomes, Unsettled: true);
            }
            outcomes.Add(new TaskOutcome(tasks[outcomes.Count].Index, null, error, [], elapsed));
            return new WorkerBatch(outcomes, Unsettled: false);
        }
        finally
        {
            Disarm();
        }
    }

    /// <summary>Checks a program: null when it compiles and defines Run, else the error.</summary>
    public async Task<string?> CheckAsync(string program, CancellationToken cancellationToken)
    {
        _output.ResetWrittenCount();
        var timeout = _options.CheckTimeout;
        NodeProtocol.WriteCheck(_writer, _output, program, (int)Math.Clamp(timeout.TotalMilliseconds, 1, int.MaxValue));
        using var registration = cancellationToken.Register(static w => ((NodeWorker)w!).Kill(Exit.Canceled), this);
        // The worker stops top-level code itself after CheckTimeout; the watchdog is the backstop.
        Arm(timeout + TimeSpan.FromSeconds(2));
        try
        {
            await SendAsync(cancellationToken);
            var answer = await ReadAnswerAsync();
            if (answer is not { } a)
            {
                ThrowIfStopped(cancellationToken);
                var error = await ExitErrorAsync(timeout);
                return $"The program could not be loaded: {error.Message}";
            }
            return a.Kind == WorkerAnswerKind.Check ? (a.CheckPassed ? null : a.Message ?? "The program was rejected.") : throw Broken(a, "a check answer");
        }
        finally
        {
            Disarm();
        }
    }

    /// <summary>Kills the process now (SIGKILL) for shutdown: a batch in flight ends with <see cref="ObjectDisposedException"/>.</summary>
    public void Stop() => Kill(Exit.Disposed);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        Kill(Exit.Disposed);
        await _stop.CancelAsync();
        await _watchdog;
        await WaitForExitAsync();
        await _stdout.CompleteAsync();
        try
        {
            await _stdin.DisposeAsync();
        }
        catch (IOException)
        {
            // The pipe is broken: the process is gone, which is the point.
        }
        _process.Dispose();
        await _writer.DisposeAsync();
        _stop.Dispose();
    }

    private static int LoadTimeoutMs(TimeSpan taskTimeout) => (int)Math.Clamp(taskTimeout.TotalMilliseconds / 2, 1, int.MaxValue);

    // Gathered answers reach the silo well within a time limit, so the watchdog's clock stays fair.
    private static int FlushEveryMs(TimeSpan taskTimeout) => (int)Math.Clamp(taskTimeout.TotalMilliseconds / 20, 1, 10);

    private static long CountLines(ReadOnlySequence<byte> data)
    {
        var count = 0L;
        foreach (var segment in data)
        {
            count += segment.Span.Count((byte)'\n');
        }
        return count;
    }

    // The position just after the last '\n', or null when there is none.
    private static SequencePosition? LastLineEnd(ReadOnlySequence<byte> data)
    {
        long offset = 0, last = -1;
        foreach (var segment in data)
        {
            var at = segment.Span.LastIndexOf((byte)'\n');
            if (at >= 0)
            {
                last = offset + at;
            }
            offset += segment.Length;
        }
        return last < 0 ? null : data.GetPosition(last + 1);
    }

    private async ValueTask<ReadResult> ReadAsync()
    {
        try
        {
            return await _stdout.ReadAsync();
        }
        catch (IOException e)
        {
            Kill(Exit.Crash);
            throw new NodeWorkerException($"Reading from node worker {ProcessId} failed: {e.Message}", e);
        }
    }

    // Moves the job to the most recent end of the worker's programs; evicts the oldest past the cap.
    private bool Remember(string jobId)
    {
        _evicted.Clear();
        var at = _programs.IndexOf(jobId);
        if (at >= 0)
        {
            _programs.RemoveAt(at);
            _programs.Add(jobId);
            return false;
        }
        while (_programs.Count >= _options.ProgramsPerWorker)
        {
            _evicted.Add(_programs[0]);
            _programs.RemoveAt(0);
        }
        _programs.Add(jobId);
        return true;
    }

    private async Task SendAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _stdin.WriteAsync(_output.WrittenMemory, CancellationToken.None);
            await _stdin.FlushAsync(CancellationToken.None);
        }
        catch (IOException e)
        {
            Kill(Exit.Crash);
            ThrowIfStopped(cancellationToken);
            // Nothing ran: forget what this worker compiled, it is gone anyway.
            _programs.Clear();
            throw new NodeWorkerException($"The node worker {ProcessId} is gone: {e.Message}", e) { BeforeStart = true };
        }
    }

    private void ThrowIfStopped(CancellationToken cancellationToken)
    {
        switch ((Exit)Volatile.Read(ref _exit))
        {
            case Exit.Canceled:
                cancellationToken.ThrowIfCancellationRequested();
                throw new OperationCanceledException("The node worker was stopped.");
            case Exit.Disposed:
                throw new ObjectDisposedException(nameof(NodeWorker));
        }
    }

    private NodeWorkerException Broken(WorkerAnswer answer, string expected)
    {
        Kill(Exit.Crash);
        return answer.Kind == WorkerAnswerKind.Fatal
            ? new NodeWorkerException($"The node worker {ProcessId} failed: {answer.Message}")
            : new NodeWorkerException($"The node worker {ProcessId} broke the protocol: expected {expected}, got a {answer.Kind} line.");
    }

    // Reads and parses the next line; null when the output ended (the process died).
    private async ValueTask<WorkerAnswer?> ReadAnswerAsync()
    {
        while (true)
        {
            ReadResult read;
            try
            {
                read = await _stdout.ReadAsync();
            }
            catch (IOException)
            {
                return null;
            }
            var buffer = read.Buffer;
            if (buffer.PositionOf((byte)'\n') is { } end)
            {
                try
                {
                    return NodeProtocol.Parse(buffer.Slice(0, end));
                }
                finally
                {
                    _stdout.AdvanceTo(buffer.GetPosition(1, end));
                }
            }
            _stdout.AdvanceTo(buffer.Start, buffer.End);
            if (read.IsCompleted)
            {
                return null;
            }
        }
    }
}
