using System.Text.Json;
using JobRuntime.GrainInterfaces;
using JobRuntime.Grains.Hosting;

namespace JobRuntime.Jobs.Tests;

/// <summary>
/// The job engine's grain state stays within Azure Table's entity limit however large a job's
/// results are: a chunk's outcomes go to pages sized to <c>JobRuntime:Jobs:MaxStateBytes</c>.
/// </summary>
public sealed class StateBoundTests
{
    private static readonly CancellationToken Patience = new CancellationTokenSource(TimeSpan.FromMinutes(4)).Token;

    [Fact]
    public async Task A_chunk_of_4096_tasks_with_2_KiB_results_each_completes_on_Azure_tables_with_every_result_once()
    {
        await using var fixture = await AzureTableJobsFixture.StartAsync(s =>
            s.AddTaskHandler<int, string>("pad", (d, _) => Task.FromResult(d.ToString("D8", System.Globalization.CultureInfo.InvariantCulture) + new string('x', 2_040))));
        const int count = 4_096;
        var job = await fixture.Jobs.CreateJobAsync("pad", kind: ProgramKind.DotNet);
        var seen = new List<int>();
        await foreach (var result in job.RunAsync(Enumerable.Range(0, count)).WithCancellation(Patience))
        {
            var text = result.GetString()!;
            Assert.Equal(2_048, text.Length);
            seen.Add(int.Parse(text[..8], System.Globalization.CultureInfo.InvariantCulture));
        }
        Assert.Equal(Enumerable.Range(0, count), seen.Order());
        var info = await job.GetInfoAsync();
        Assert.Equal((count, count, 0), (info.Total, info.Finished, info.Failed));
        var positions = new List<long>();
        await foreach (var read in job.ReadResultsAsync(0, Patience))
        {
            positions.Add(read.Position);
        }
        Assert.Equal(Enumerable.Range(1, count).Select(p => (long)p), positions);
    }
}
