using JobRuntime.Queues.Tests.Backends;
using JobRuntime.Queues.Tests.Conformance;
using JobRuntime.Storage.Queues;

namespace JobRuntime.Queues.Tests.Cli;

/// <summary><c>jobrt queue</c> run as a process against every backend.</summary>
public abstract class QueueCliBehaviours<TBackend>(TBackend backend) : IDisposable where TBackend : IQueueBackend
{
    private readonly string _directory = Directory.CreateTempSubdirectory("jobruntime-queue-cli-").FullName;
    private readonly List<int> _orphans = [];

    private string File(string name) => Path.Combine(_directory, name);

    [Fact]
    public async Task Pushed_lines_are_peeked_then_worked_by_the_shell_worker_until_the_queue_is_empty()
    {
        var name = QueueNames.Unique("cli");
        var spec = backend.CliSpec(name);
        var push = await Jobrt.RunWithInputAsync(_directory, $"touch '{File("a")}'\n{{\"cmd\": \"touch '{File("b")}'\"}}\n", "queue", spec, "push");
        Assert.True(push.ExitCode == 0, push.ToString());
        Assert.Equal(2, push.Lines.Length);

        var peek = await Jobrt.RunAsync(_directory, "queue", spec, "peek", "-n", "5", "--json");
        Assert.True(peek.ExitCode == 0, peek.ToString());
        Assert.Equal(2, peek.Lines.Length);
        Assert.StartsWith("{\"version\":1,\"kwargs\":{\"cmd\":", peek.Lines[0]);

        var worker = await Jobrt.RunAsync(_directory, "queue", spec, "worker", "-n", "2", "--visibility-timeout", "30s");
        Assert.True(worker.ExitCode == 0, worker.ToString());
        Assert.True(System.IO.File.Exists(File("a")) && System.IO.File.Exists(File("b")), worker.ToString());
        Assert.Contains("2 succeeded", worker.Error);

        var empty = await Jobrt.RunAsync(_directory, "queue", spec, "peek");
        Assert.Equal(1, empty.ExitCode);
        Assert.Contains("is empty", empty.Error);
    }

    [Fact]
    public async Task Size_counts_the_pushed_commands_and_clear_empties_the_queue()
    {
        var name = QueueNames.Unique("cli");
        var spec = backend.CliSpec(name);
        Assert.Equal(0, (await Jobrt.RunAsync(_directory, "queue", spec, "push", "-c", "true", "-c", "false", "-c", "exit 0")).ExitCode);
        var size = await Jobrt.RunAsync(_directory, "queue", spec, "size");
        Assert.Equal("3", size.Out.Trim());
        Assert.Equal(0, (await Jobrt.RunAsync(_directory, "queue", spec, "clear")).ExitCode);
        Assert.Equal(0, await backend.Driver.QueueCountAsync(new QueueCountParams(name)));
    }

    [Fact]
    public async Task A_failing_command_is_retried_then_moved_to_the_failed_queue()
    {
        var name = QueueNames.Unique("cli");
        var spec = backend.CliSpec(name);
        var counter = File("attempts");
        Assert.Equal(0, (await Jobrt.RunAsync(_directory, "queue", spec, "push", "--num-retries", "1", "-c", $"echo x >> '{counter}'; exit 4")).ExitCode);
        var worker = await Jobrt.RunAsync(_directory, "queue", spec, "worker", "--visibility-timeout", "30s");
        Assert.True(worker.ExitCode == 0, worker.ToString());
        Assert.Equal(2, System.IO.File.ReadAllLines(counter).Length);
        var failed = await Jobrt.RunAsync(_directory, "queue", backend.CliSpec(name + "-failed"), "peek", "--json");
        Assert.Contains("exited with code 4", failed.Out);
    }

    [Fact]
    public async Task A_worker_killed_mid_task_leaves_its_task_to_the_next_worker_after_the_visibility_timeout()
    {
        var name = QueueNames.Unique("cli");
        var spec = backend.CliSpec(name);
        var command = $"if [ -e '{File("first")}' ]; then touch '{File("second")}'; else echo $$ > '{File("pid")}'; touch '{File("first")}'; exec sleep 600; fi";
        Assert.Equal(0, (await Jobrt.RunAsync(_directory, "queue", spec, "push", "-c", command)).ExitCode);

        using (var worker = Jobrt.Start(_directory, ["queue", spec, "worker", "--visibility-timeout", "3s"]))
        {
            await WaitForFileAsync(File("first"), worker);
            worker.Process.Kill(); // SIGKILL: no clean-up, the lease is simply never renewed
            await worker.Process.WaitForExitAsync();
        }
        _orphans.Add(int.Parse(System.IO.File.ReadAllText(File("pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture));

        await Eventually.TrueAsync(async () => (await backend.Driver.MessagePeekAsync(new MessagePeekParams(name, 1))).Count == 1, "the killed worker's task to become visible");
        var next = await Jobrt.RunAsync(_directory, "queue", spec, "worker", "--visibility-timeout", "30s");
        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.True(System.IO.File.Exists(File("second")), next.ToString());
        Assert.Equal(0, await backend.Driver.QueueCountAsync(new QueueCountParams(name)));
    }

    [Fact]
    public async Task SIGTERM_lets_the_running_task_finish_and_stops_the_worker()
    {
        var name = QueueNames.Unique("cli");
        var spec = backend.CliSpec(name);
        // Two tasks of the same shape (some backends do not keep the order of a push): whichever
        // starts first waits for "go"; the other must never start.
        var task = $"touch '{_directory}/started-'$JOBQ_TASK_ID; while [ ! -e '{File("go")}' ]; do sleep 0.1; done; touch '{_directory}/finished-'$JOBQ_TASK_ID";
        Assert.Equal(0, (await Jobrt.RunAsync(_directory, "queue", spec, "push", "--random-id", "-c", task, "-c", task)).ExitCode);
        using var worker = Jobrt.Start(_directory, ["queue", spec, "worker", "--visibility-timeout", "30s"]);
        await Eventually.TrueAsync(() =>
        {
            if (worker.Process.HasExited)
            {
                throw new InvalidOperationException($"jobrt exited with {worker.Process.ExitCode} before a task started.");
            }
            return Task.FromResult(Directory.GetFiles(_directory, "started-*").Length > 0);
        }, "a task to start");
        using (var term = System.Diagnostics.Process.Start("kill", ["-TERM", worker.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }
        await System.IO.File.WriteAllTextAsync(File("go"), "");
        var result = await worker.WaitAsync();
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Single(Directory.GetFiles(_directory, "started-*"));
        Assert.Single(Directory.GetFiles(_directory, "finished-*"));
        Assert.Equal(1, await backend.Driver.QueueCountAsync(new QueueCountParams(name)));
    }

    private static async Task WaitForFileAsync(string path, Jobrt process)
    {
        await Eventually.TrueAsync(() =>
        {
            if (process.Process.HasExited)
            {
                throw new InvalidOperationException($"jobrt exited with {process.Process.ExitCode} before {path} appeared.");
            }
            return Task.FromResult(System.IO.File.Exists(path));
        }, path);
    }

    public void Dispose()
    {
        foreach (var pid in _orphans)
        {
            try
            {
                using var orphan = System.Diagnostics.Process.GetProcessById(pid);
                orphan.Kill();
            }
            catch (ArgumentException)
            {
            }
        }
        Directory.Delete(_directory, recursive: true);
    }
}
