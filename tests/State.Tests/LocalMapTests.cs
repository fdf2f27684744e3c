using JobRuntime.Client.Map;

namespace JobRuntime.State.Tests;

public sealed class LocalMapTests
{
    [Fact]
    public async Task Results_come_in_the_order_of_the_items_even_when_later_items_finish_first()
    {
        var results = await ParallelMap.MapAsync(Enumerable.Range(0, 20), async (int x, CancellationToken ct) =>
        {
            await Task.Delay((20 - x) * 5, ct);
            return x * 10;
        }, new MapOptions { Workers = 4 }).ToListAsync();
        Assert.Equal(Enumerable.Range(0, 20).Select(x => x * 10), results);
    }

    [Fact]
    public async Task A_large_map_of_a_trivial_function_yields_every_result_in_order()
    {
        var position = 0;
        await foreach (var result in ParallelMap.MapAsync(Enumerable.Range(0, 200_000), x => x + 1))
        {
            Assert.Equal(++position, result);
        }
        Assert.Equal(200_000, position);
    }

    [Fact]
    public async Task As_completed_yields_every_result_once()
    {
        var results = await ParallelMap.MapAsync(Enumerable.Range(0, 1_000), x => x, new MapOptions { Ordered = false }).ToListAsync();
        Assert.Equal(Enumerable.Range(0, 1_000), results.Order());
    }

    [Fact]
    public async Task Suppressed_failures_become_null_slots_and_are_listed()
    {
        var run = ParallelMap.MapAsync([1, 2, 3], x => x == 3 ? throw new InvalidOperationException("three") : (int?)x, new MapOptions { SuppressErrors = true });
        Assert.Equal([1, 2, null], await run.ToListAsync());
        var error = Assert.Single(run.Errors);
        Assert.Equal(2, error.Position);
        Assert.IsType<InvalidOperationException>(error.Error);
    }

    [Fact]
    public async Task The_first_failure_is_re_raised_where_its_result_would_be()
    {
        var seen = new List<int>();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var x in ParallelMap.MapAsync(Enumerable.Range(0, 10), x => x == 5 ? throw new InvalidOperationException("five") : x))
            {
                seen.Add(x);
            }
        });
        Assert.Equal("five", error.Message);
        Assert.Equal([0, 1, 2, 3, 4], seen);
    }

    [Fact]
    public async Task Sequential_mode_runs_in_order_on_the_caller_and_re_raises_the_original_exception()
    {
        var order = new List<int>();
        var original = new ArgumentException("bad item");
        var run = ParallelMap.MapAsync(Enumerable.Range(0, 5), x =>
        {
            order.Add(x);
            return x == 3 ? throw original : x;
        }, new MapOptions { Sequential = true });
        var error = await Assert.ThrowsAsync<ArgumentException>(() => run.ToListAsync());
        Assert.Same(original, error);
        Assert.Equal([0, 1, 2, 3], order);
    }

    [Fact]
    public async Task An_item_past_its_time_limit_fails_with_a_timeout()
    {
        var run = ParallelMap.MapAsync([0, 1], async (int x, CancellationToken ct) =>
        {
            if (x == 1)
            {
                await Task.Delay(TimeSpan.FromMinutes(5), ct);
            }
            return (int?)x;
        }, new MapOptions { ItemTimeout = TimeSpan.FromMilliseconds(200), SuppressErrors = true });
        Assert.Equal([0, null], await run.ToListAsync());
        Assert.IsType<TimeoutException>(Assert.Single(run.Errors).Error);
    }

    [Fact]
    public async Task Cancelling_a_map_stops_its_workers_before_the_enumeration_ends()
    {
        var running = 0;
        var started = new TaskCompletionSource();
        using var cancel = new CancellationTokenSource();
        var map = Task.Run(async () =>
        {
            await foreach (var _ in ParallelMap.MapAsync(Enumerable.Range(0, 1_000), async (int x, CancellationToken ct) =>
            {
                Interlocked.Increment(ref running);
                started.TrySetResult();
                try
                {
                    await Task.Delay(TimeSpan.FromMinutes(5), ct);
                    return x;
                }
                finally
                {
                    Interlocked.Decrement(ref running);
                }
            }, new MapOptions { Workers = 4 }).WithCancellation(cancel.Token))
            {
            }
        });
        await started.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => map.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(0, Volatile.Read(ref running));
    }

    [Fact]
    public async Task The_worker_count_bounds_how_many_items_run_at_once()
    {
        var running = 0;
        var most = 0;
        await ParallelMap.MapAsync(Enumerable.Range(0, 40), async (int x, CancellationToken ct) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            await Task.Delay(5, ct);
            Interlocked.Decrement(ref running);
            return x;
        }, new MapOptions { Workers = 3 }).ToListAsync();
        Assert.InRange(most, 1, 3);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
