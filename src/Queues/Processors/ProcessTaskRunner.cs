using System.Diagnostics;
using System.Text;

namespace JobRuntime.Queues.Processors;

/// <summary>
/// Runs one child process for a task: kwargs on standard input when asked, <c>JOBQ_TASK_ID</c>
/// in its environment, its output captured (the tail kept for the error). On cancellation or
/// timeout it escalates: SIGTERM first, then after the grace period SIGKILL to the whole tree.
/// </summary>
internal static class ProcessTaskRunner
{
    private const int TailLength = 4000;

    public static async Task RunAsync(ProcessStartInfo start, QueueTask task, string? input, ProcessProcessorOptions options, CancellationToken cancellationToken)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        start.UseShellExecute = false;
        start.Environment["JOBQ_TASK_ID"] = task.Id;
        start.Environment["JOBQ_WORKER_ID"] = task.WorkerId;
        start.Environment["JOBQ_QUEUE"] = task.Queue;

        using var process = new Process { StartInfo = start };
        var output = new Tail(TailLength);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { output.Append(e.Data); options.Output?.Invoke(task, e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { output.Append(e.Data); options.Output?.Invoke(task, e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input).ConfigureAwait(false);
            }
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The program ended without reading its input; its exit code says how it went.
        }

        using var timeout = options.Timeout is { } limit ? new CancellationTokenSource(limit) : new CancellationTokenSource();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await process.WaitForExitAsync(stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await TerminateAsync(process, options.KillGracePeriod).ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException($"Task {task.Id} was cancelled; its process was terminated.", cancellationToken);
            }
            throw new TaskFailedException($"Task {task.Id} timed out after {options.Timeout} and was killed. Output: {output}");
        }
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new TaskFailedException($"Task {task.Id} exited with code {process.ExitCode}. Output: {output}") { ExitCode = process.ExitCode };
        }
    }

    /// <summary>SIGTERM, then SIGKILL to the process tree when it is still running after the grace period.</summary>
    internal static async Task TerminateAsync(Process process, TimeSpan grace)
    {
        try
        {
            if (process.HasExited)
            {
                return;
            }
            if (OperatingSystem.IsWindows())
            {
                process.Kill(entireProcessTree: true);
            }
            else
            {
                SendTerm(process.Id);
            }
            using var wait = new CancellationTokenSource(grace);
            try
            {
                await process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // It ended meanwhile.
        }
    }

    // kill(1) rather than interop: a plain process start, no unsafe code.
    private static void SendTerm(int pid)
    {
        try
        {
            using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false });
            kill?.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No kill(1): the grace period ends in SIGKILL anyway.
        }
    }

    /// <summary>The last characters of a process's output.</summary>
    private sealed class Tail(int capacity)
    {
        private readonly StringBuilder _text = new();
        private readonly Lock _lock = new();

        public void Append(string line)
        {
            lock (_lock)
            {
                _text.AppendLine(line);
                if (_text.Length > capacity * 2)
                {
                    _text.Remove(0, _text.Length - capacity);
                }
            }
        }

        public override string ToString()
        {
            lock (_lock)
            {
                var text = _text.ToString().TrimEnd();
                return text.Length > capacity ? "..." + text[^capacity..] : text;
            }
        }
    }
}
