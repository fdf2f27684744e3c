using JobRuntime.Client.Map;
using JobRuntime.GrainInterfaces;

namespace JobRuntime.State.Tests;

[Collection(StateClusterCollection.Name)]
public sealed class ClusterMapTests(StateCluster cluster)
{
    private MapClient Maps => new(cluster.Client, "alice");

    [Fact]
    public async Task A_cluster_map_of_a_dotnet_handler_yields_results_in_item_order()
    {
        var results = await Maps.MapAsync<int, int>("square", Enumerable.Range(0, 2_500)).ToListAsync();
        Assert.Equal(Enumerable.Range(0, 2_500).Select(x => x * x), results);
    }

    [Fact]
    public async Task A_small_buffer_and_worker_count_still_yield_every_result_in_order()
    {
        var results = await Maps.MapAsync<int, int>("square", Enumerable.Range(0, 50), new MapOptions { BufferSize = 4, Workers = 2 }).ToListAsync();
        Assert.Equal(Enumerable.Range(0, 50).Select(x => x * x), results);
    }

    [Fact]
    public async Task Common_and_per_item_arguments_and_named_arguments_reach_the_handler()
    {
        var options = new MapOptions
        {
            Args = [10],
            MapArgs = [[1], [2], [3]],
            Kwargs = new Dictionary<string, object?> { ["offset"] = 100 },
            MapKwargs = [new Dictionary<string, object?>(), new Dictionary<string, object?> { ["offset"] = 0 }, new Dictionary<string, object?>()],
        };
        var results = await Maps.MapAsync<int, int>("scaled", [1, 2, 3], options).ToListAsync();
        Assert.Equal([1 * 10 + 1 + 100, 2 * 10 + 2 + 0, 3 * 10 + 3 + 100], results);
    }

    [Fact]
    public async Task A_failed_item_is_a_null_slot_when_errors_are_suppressed()
    {
        var run = Maps.MapAsync<int, int?>("fail-on-3", [1, 2, 3], new MapOptions { SuppressErrors = true });
        Assert.Equal([1, 2, null], await run.ToListAsync());
        var error = Assert.IsType<MapItemFailedException>(Assert.Single(run.Errors).Error);
        Assert.Equal(2, error.Position);
        Assert.Contains("oops, it's 3", error.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_item_past_its_time_limit_fails_with_a_timeout_error_on_the_cluster()
    {
        var run = Maps.MapAsync<int, int?>("slow", [1], new MapOptions { ItemTimeout = TimeSpan.FromSeconds(1), SuppressErrors = true });
        Assert.Equal([null], await run.ToListAsync());
        var error = Assert.IsType<MapItemFailedException>(Assert.Single(run.Errors).Error);
        Assert.Equal(TaskError.Timeout, error.Error.Type);
    }

    [Fact]
    public async Task A_failed_item_is_re_raised_while_consuming_when_errors_are_not_suppressed()
    {
        var error = await Assert.ThrowsAsync<MapItemFailedException>(() => Maps.MapAsync<int, int>("fail-on-3", [1, 2, 3, 4]).ToListAsync());
        Assert.Equal("InvalidOperationException", error.Error.Name);
    }

    [Fact]
    public async Task An_unknown_handler_is_refused_with_the_typed_error()
    {
        var error = await Assert.ThrowsAsync<InvalidJobException>(() => Maps.MapAsync<int, int>("no-such-handler", [1]).ToListAsync());
        Assert.Contains("no-such-handler", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_cluster_map_deletes_its_job()
    {
        using var cancel = new CancellationTokenSource();
        var run = Maps.MapAsync<int, int>("slow", Enumerable.Range(0, 10));
        var consuming = Task.Run(async () =>
        {
            await foreach (var _ in run.WithCancellation(cancel.Token))
            {
            }
        });
        var jobs = cluster.Jobs;
        while ((await jobs.ListJobsAsync()).Length == 0)
        {
            await Task.Delay(50);
        }
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => consuming.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Empty(await jobs.ListJobsAsync());
    }
}
