using System.Diagnostics;
using JobRuntime.GrainInterfaces;
using Microsoft.Extensions.Logging;

namespace JobRuntime.Grains.JavaScript;

// The worker's watchdog (time and memory), its stderr, and how its death is told to the task in flight.
internal sealed partial class NodeWorker
{
    // The watchdog allows `limit` from now, renewed by each answer, until Disarm.
    private void Arm(TimeSpan limit)
    {
        Volatile.Write(ref _progress, Stopwatch.GetTimestamp());
        Volatile.Write(ref _allowedTicks, Math.Max(1, (long)(limit.TotalSeconds * Stopwatch.Frequency)));
    }

    private void Disarm() => Volatile.Write(ref _allowedTicks, 0);

    private void Kill(Exit cause)
    {
        if (Interlocked.CompareExchange(ref _exit, (int)cause, (int)Exit.None) != (int)Exit.None)
        {
            return;
        }
        if (cause is Exit.Timeout or Exit.Memory)
        {
            LogKilled(_logger, ProcessId, cause == Exit.Timeout ? "a task ran past its time limit" : $"resident memory {Volatile.Read(ref _residentAtKill) >> 20} MB over the limit of {_memoryLimitBytes >> 20} MB");
        }
        try
        {
            _process.Kill();
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // Already exited.
        }
    }

    private async Task WatchAsync()
    {
        var period = TimeSpan.FromMilliseconds(Math.Clamp(_options.MemoryCheckInterval.TotalMilliseconds, 10, 50));
        var memoryInterval = (long)(_options.MemoryCheckInterval.TotalSeconds * Stopwatch.Frequency);
        var nextMemoryCheck = 0L;
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                var now = Stopwatch.GetTimestamp();
                var allowed = Volatile.Read(ref _allowedTicks);
                if (allowed > 0 && now - Volatile.Read(ref _progress) > allowed)
                {
                    Kill(Exit.Timeout);
                    return;
                }
                if (now >= nextMemoryCheck)
                {
                    nextMemoryCheck = now + memoryInterval;
                    _process.Refresh();
                    var resident = _process.WorkingSet64;
                    if (resident > _memoryLimitBytes)
                    {
                        Volatile.Write(ref _residentAtKill, resident);
                        Kill(Exit.Memory);
                        return;
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException)
        {
            // Stopped, or the process exited.
        }
    }

    private async Task PumpStderrAsync()
    {
        try
        {
            while (await _process.StandardError.ReadLineAsync() is { } line)
            {
                lock (_stderrTail)
                {
                    _stderrTail.Enqueue(line);
                    if (_stderrTail.Count > 40)
                    {
                        _stderrTail.Dequeue();
                    }
                }
                LogStderr(_logger, ProcessId, line);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The process is gone.
        }
    }

    private string StderrTail(int lines)
    {
        lock (_stderrTail)
        {
            var tail = _stderrTail.Where(l => !string.IsNullOrWhiteSpace(l)).TakeLast(lines);
            var text = string.Join(" | ", tail);
            return text.Length == 0 ? "(nothing on stderr)" : text;
        }
    }

    private async Task WaitForExitAsync()
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (TimeoutException)
        {
            try
            {
                _process.Kill();
            }
            catch (InvalidOperationException)
            {
                // Exited meanwhile.
            }
        }
        try
        {
            await _stderrPump.WaitAsync(TimeSpan.FromSeconds(1));
        }
        catch (TimeoutException)
        {
        }
    }

    // The error of the task in flight when the process's output ended.
    private async Task<TaskError> ExitErrorAsync(TimeSpan timeLimit)
    {
        Interlocked.CompareExchange(ref _exit, (int)Exit.Crash, (int)Exit.None);
        await WaitForExitAsync();
        string tail;
        lock (_stderrTail)
        {
            tail = string.Join('\n', _stderrTail);
        }
        var exitCode = _process.HasExited ? _process.ExitCode : -1;
        var exit = (Exit)Volatile.Read(ref _exit);
        if (exit == Exit.Timeout)
        {
            return new TaskError($"The task ran longer than its time limit of {timeLimit.TotalSeconds:0.###} s.", "TimeoutError", "", TaskError.Timeout);
        }
        if (exit == Exit.Memory)
        {
            return new TaskError($"The worker's resident memory ({Volatile.Read(ref _residentAtKill) >> 20} MB) went over the limit of {_memoryLimitBytes >> 20} MB (heap limit {MemoryLimitMb} MB).", "LimitError", "", TaskError.Limit);
        }
        if (tail.Contains("heap out of memory", StringComparison.Ordinal) || tail.Contains("Reached heap limit", StringComparison.Ordinal))
        {
            LogOutOfMemory(_logger, ProcessId, MemoryLimitMb);
            return new TaskError($"The program ran out of memory: the JavaScript heap reached its limit of {MemoryLimitMb} MB.", "LimitError", "", TaskError.Limit);
        }
        var detail = StderrTail(3);
        LogCrashed(_logger, ProcessId, exitCode, detail);
        return new TaskError($"The worker process exited unexpectedly (exit code {exitCode}) while running this task: {detail}", "Error", "", TaskError.Program);
    }
}
