using System.Text.Json;
using JobRuntime.Queues.Processors;

namespace JobRuntime.Queues.Tests.Processors;

public sealed class ShellProcessorTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly string _directory = Directory.CreateTempSubdirectory("jobruntime-shell-").FullName;

    private static QueueTask Task(string cmd, string id = "task-1") =>
        new(id, JsonSerializer.SerializeToElement(new { cmd }), 0, "q", "w:0");

    [Fact]
    public async Task A_command_runs_in_bash_with_the_task_id_in_its_environment()
    {
        var file = Path.Combine(_directory, "out");
        await QueueProcessors.Shell().ProcessAsync(Task($"[[ -n \"$BASH_VERSION\" ]] && echo \"$JOBQ_TASK_ID\" > '{file}'", "abc"), CancellationToken.None);
        Assert.Equal("abc", (await File.ReadAllTextAsync(file)).Trim());
    }

    [Fact]
    public async Task A_non_zero_exit_is_a_failure_with_the_exit_code_and_the_output()
    {
        var error = await Assert.ThrowsAsync<TaskFailedException>(() => QueueProcessors.Shell().ProcessAsync(Task("echo something went wrong >&2; exit 7"), CancellationToken.None));
        Assert.Equal(7, error.ExitCode);
        Assert.Contains("something went wrong", error.Message);
    }

    [Fact]
    public async Task Output_lines_reach_the_output_callback()
    {
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await QueueProcessors.Shell(new ProcessProcessorOptions { Output = (_, line) => lines.Enqueue(line) }).ProcessAsync(Task("echo one; echo two"), CancellationToken.None);
        Assert.Equal(["one", "two"], lines);
    }

    [Fact]
    public async Task A_cancelled_command_that_obeys_SIGTERM_ends_with_it()
    {
        var marker = Path.Combine(_directory, "term");
        var started = Path.Combine(_directory, "started");
        using var cancel = new CancellationTokenSource();
        var run = QueueProcessors.Shell(new ProcessProcessorOptions { KillGracePeriod = TimeSpan.FromMinutes(5) })
            .ProcessAsync(Task($"trap 'echo term > \"{marker}\"; exit 143' TERM; touch '{started}'; while true; do sleep 0.1; done"), cancel.Token);
        await WaitForFileAsync(started);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Wait));
        Assert.True(File.Exists(marker));
    }

    [Fact]
    public async Task A_cancelled_command_that_ignores_SIGTERM_is_killed_after_the_grace_period()
    {
        var started = Path.Combine(_directory, "started");
        var pidFile = Path.Combine(_directory, "pid");
        using var cancel = new CancellationTokenSource();
        var run = QueueProcessors.Shell(new ProcessProcessorOptions { KillGracePeriod = TimeSpan.FromSeconds(1) })
            .ProcessAsync(Task($"trap '' TERM; echo $$ > '{pidFile}'; touch '{started}'; while true; do sleep 0.1; done"), cancel.Token);
        await WaitForFileAsync(started);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Wait));
        var pid = int.Parse((await File.ReadAllTextAsync(pidFile)).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(IsRunning(pid));
    }

    [Fact]
    public async Task A_command_past_its_timeout_is_terminated_and_fails()
    {
        var error = await Assert.ThrowsAsync<TaskFailedException>(() =>
            QueueProcessors.Shell(new ProcessProcessorOptions { Timeout = TimeSpan.FromSeconds(1), KillGracePeriod = TimeSpan.FromSeconds(1) })
                .ProcessAsync(Task("trap '' TERM; echo waiting; while true; do sleep 0.1; done"), CancellationToken.None));
        Assert.Contains("timed out", error.Message);
        Assert.Contains("waiting", error.Message);
    }

    [Fact]
    public async Task A_task_without_a_cmd_string_fails_naming_the_task()
    {
        var task = new QueueTask("t9", JsonSerializer.SerializeToElement(new { x = 1 }), 0, "q", "w:0");
        var error = await Assert.ThrowsAsync<TaskFailedException>(() => QueueProcessors.Shell().ProcessAsync(task, CancellationToken.None));
        Assert.Contains("t9", error.Message);
        Assert.Contains("cmd", error.Message);
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    internal static async Task WaitForFileAsync(string path)
    {
        var until = DateTime.UtcNow + Wait;
        while (!File.Exists(path))
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"{path} did not appear within {Wait}.");
            }
            await System.Threading.Tasks.Task.Delay(50);
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
