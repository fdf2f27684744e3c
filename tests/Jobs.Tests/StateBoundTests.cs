using System.Globalization;
using JobRuntime.GrainInterfaces;
using JobRuntime.Grains.Hosting;
using Xunit.Abstractions;

namespace JobRuntime.Jobs.Tests;

/// <summary>
/// The job engine's grain state stays within Azure Table's entity limit however large a job's
/// results are: a chunk keeps its inputs and progress, and each step's outcomes go to pages sized
/// to <c>JobRuntime:Jobs:MaxStateBytes</c> (Orleans' Azure table storage refuses a larger entity).
/// </summary>
public sealed class StateBoundTests(ITestOutputHelper output)
{
    private static CancellationToken Patience => new CancellationTokenSource(TimeSpan.FromMinutes(4)).Token;

    [Fact]
    public async Task A_chunk_of_4096_tasks_with_2_KiB_results_each_completes_on_Azure_tables_with_every_result_once()
    {
        var (fixture, table) = await AzureTableJobsFixture.StartAsync(s =>
            s.AddTaskHandler<int, string>("pad", (d, _) => Task.FromResult(d.ToString("D8", CultureInfo.InvariantCulture) + new string('x', 2_040))));
        await using var _ = fixture;
        const int count = 4_096;
        var job = await fixture.Jobs.CreateJobAsync("pad", kind: ProgramKind.DotNet);
        var seen = new List<int>();
        await foreach (var result in job.RunAsync(Enumerable.Range(0, count)).WithCancellation(Patience))
        {
            var text = result.GetString()!;
            Assert.Equal(2_048, text.Length);
            seen.Add(int.Parse(text[..8], CultureInfo.InvariantCulture));
        }
        Assert.Equal(Enumerable.Range(0, count), seen.Order());
        var info = await job.GetInfoAsync();
        Assert.Equal((count, count, 0), (info.Total, info.Finished, info.Failed));
        var positions = new List<long>();
        var indexes = new List<long>();
        await foreach (var read in job.ReadResultsAsync(0, Patience))
        {
            positions.Add(read.Position);
            indexes.Add(read.Item.Index);
        }
        Assert.Equal(Enumerable.Range(1, count).Select(p => (long)p), positions);
        Assert.Equal(Enumerable.Range(0, count).Select(i => (long)i), indexes.Order());
        var rows = await AzureTableJobsFixture.RowKeysAsync(table);
        output.WriteLine($"{rows.Count} entities; outcome pages: {rows.Count(r => r.Contains("out.", StringComparison.Ordinal))}");
        Assert.Contains(rows, r => r.Contains("out.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(700 << 10)] // near the 768 KiB bound: two pages
    [InlineData(3 << 20)] // four times the bound: six pages
    public async Task A_result_near_or_past_the_state_bound_is_stored_in_pages_and_read_back_whole_on_Azure_tables(int length)
    {
        var (fixture, table) = await AzureTableJobsFixture.StartAsync(s =>
            s.AddTaskHandler<int, string>("long", (n, _) => Task.FromResult(new string('y', n))));
        await using var _ = fixture;
        var job = await fixture.Jobs.CreateJobAsync("long", new JobOptions(OutputLimitBytes: 4 << 20), ProgramKind.DotNet);
        var run = job.RunAsync([length]);
        var results = new List<string>();
        await foreach (var result in run.WithCancellation(Patience))
        {
            results.Add(result.GetString()!);
        }
        Assert.Empty(run.Errors);
        Assert.Equal(length, Assert.Single(results).Length);
        var view = await job.GetTaskAsync(0);
        Assert.Equal(("done", length), (view.State, view.Result!.Value.GetString()!.Length));
        var read = new List<long>();
        await foreach (var item in job.ReadResultsAsync(0, Patience))
        {
            read.Add(item.Position);
        }
        Assert.Equal([1L], read);
        var pages = (await AzureTableJobsFixture.RowKeysAsync(table)).Count(r => r.Contains("out.", StringComparison.Ordinal));
        output.WriteLine($"outcome pages: {pages}");
        Assert.True(pages >= 2, $"The result of {length} bytes took {pages} page(s).");
    }
}
