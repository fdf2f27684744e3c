using System.Globalization;
using System.Text.RegularExpressions;

namespace JobRuntime.Console.Tests;

/// <summary><c>/metrics</c> of a silo process: the jobs' counters in Prometheus text.</summary>
public sealed partial class MetricsTests
{
    [Fact]
    public async Task The_job_counters_at_metrics_move_while_a_job_runs()
    {
        await using var silo = await ConsoleSilo.StartAsync();
        var id = await silo.CreateJobAsync();
        var before = await ScrapeAsync(silo);
        await silo.SubmitAsync(id, 100);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        Dictionary<string, double> after;
        do
        {
            await Task.Delay(300);
            after = await ScrapeAsync(silo);
        }
        while (Value(after, "jobruntime_tasks_done_total") + Value(after, "jobruntime_tasks_failed_total") < 100 && DateTime.UtcNow < deadline);

        Assert.Equal(100, Value(after, "jobruntime_tasks_submitted_total") - Value(before, "jobruntime_tasks_submitted_total"));
        Assert.Equal(80, Value(after, "jobruntime_tasks_done_total") - Value(before, "jobruntime_tasks_done_total"));
        Assert.Equal(20, Value(after, "jobruntime_tasks_failed_total") - Value(before, "jobruntime_tasks_failed_total"));
        Assert.True(Value(after, "jobruntime_tasks_leased_total") >= 100);
        Assert.Equal(100, Value(after, "jobruntime_task_duration_seconds_count"));
        Assert.Equal(0, Value(after, "jobruntime_tasks_queued"));
        Assert.Contains(after.Keys, k => k.StartsWith("http_server_request_duration_seconds", StringComparison.Ordinal));
        Assert.Contains(after.Keys, k => k.StartsWith("orleans_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_queue_depth_gauge_reads_the_queues_table_so_it_is_right_after_a_restart()
    {
        await using var silo = await ConsoleSilo.StartAsync("--JobRuntime:Telemetry:QueueDepthInterval", "00:00:00.5");
        using (var pushed = await silo.Process.Http.PostAsync("/queues/depth-test/messages", new StringContent("1\n2\n3\n4\n5\n")))
        {
            pushed.EnsureSuccessStatusCode();
        }
        (await silo.Process.Http.PostAsync("/queues/depth-test/leases?n=2&visibility=600", null)).EnsureSuccessStatusCode();
        await WaitForAsync(silo, "jobruntime_queue_depth", "depth-test", 5);

        await silo.RestartAsync();
        // Right from the start: nothing was pushed or received by this process.
        Assert.Equal(5, await WaitForAsync(silo, "jobruntime_queue_depth", "depth-test", 5));
        Assert.Equal(2, await WaitForAsync(silo, "jobruntime_queue_leased", "depth-test", 2));
        using (var cleared = await silo.Process.Http.DeleteAsync("/queues/depth-test/messages"))
        {
            cleared.EnsureSuccessStatusCode();
        }
        Assert.Equal(0, await WaitForAsync(silo, "jobruntime_queue_depth", "depth-test", 0));
    }

    // The value of a metric's sample for one queue, once it is the expected one (or the last seen after a minute).
    private static async Task<double> WaitForAsync(ConsoleSilo silo, string metric, string queue, double expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        double? value;
        do
        {
            var text = await silo.Process.Http.GetStringAsync("/metrics");
            var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(metric + "{", StringComparison.Ordinal) && l.Contains($"queue=\"{queue}\"", StringComparison.Ordinal));
            value = line is null ? null : double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            if (value == expected)
            {
                return expected;
            }
            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);
        return value ?? double.NaN;
    }

    private static double Value(Dictionary<string, double> metrics, string name) => metrics.GetValueOrDefault(name);

    // Sums each metric's samples over their labels: "name{labels} value" lines.
    private static async Task<Dictionary<string, double>> ScrapeAsync(ConsoleSilo silo)
    {
        var text = await silo.Process.Http.GetStringAsync("/metrics");
        var metrics = new Dictionary<string, double>();
        foreach (Match match in Sample().Matches(text))
        {
            var name = match.Groups["name"].Value;
            metrics[name] = metrics.GetValueOrDefault(name) + double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        }
        return metrics;
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
