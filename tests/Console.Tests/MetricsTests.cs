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
