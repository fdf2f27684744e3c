using System.Text.Json;
using JobRuntime.Queues.Processors;
using JobRuntime.Queues.Tests.Backends;
using JobRuntime.Queues.Workers;

namespace JobRuntime.Queues.Tests.Processors;

public sealed class IsolatedProcessorTests(SqliteBackend backend) : IClassFixture<SqliteBackend>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("jobruntime-isolated-").FullName;

    [Fact]
    public async Task A_task_runs_in_a_process_of_its_own_with_the_task_on_standard_input()
    {
        var output = Path.Combine(_directory, "input.json");
        var processor = QueueProcessors.Isolated("bash", ["-c", $"cat > '{output}'; echo $$ >> '{output}.pid'"]);
        await processor.ProcessAsync(new QueueTask("iso-1", JsonSerializer.SerializeToElement(new { n = 1 }), 2, "q", "w:0"), CancellationToken.None);
        using var input = JsonDocument.Parse(await File.ReadAllTextAsync(output));
        Assert.Equal("iso-1", input.RootElement.GetProperty("Id").GetString());
        Assert.Equal(1, input.RootElement.GetProperty("Kwargs").GetProperty("n").GetInt32());
        Assert.NotEqual(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), (await File.ReadAllTextAsync(output + ".pid")).Trim());
    }

    [Fact]
    public async Task Blocking_work_in_an_isolated_process_does_not_stop_the_heartbeat()
    {
        var queue = new WorkQueue(backend.Driver, QueueNames.Unique("iso"));
        await queue.PushAsync(new { seconds = 5 });
        // The child blocks for 5 s, more than two visibility timeouts; renewals keep the lease.
        var processor = QueueProcessors.Isolated("bash", ["-c", "sleep 5"]);
        var report = await queue.LaunchWorkersAsync(processor, new WorkerOptions { VisibilityTimeout = TimeSpan.FromSeconds(2) });
        Assert.Equal(1, report.Progress.Succeeded);
        Assert.Equal(0, report.Progress.LeaseLost);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
