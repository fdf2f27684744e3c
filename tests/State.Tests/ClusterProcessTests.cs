using JobRuntime.Client.Processes;
using JobRuntime.GrainInterfaces;

namespace JobRuntime.State.Tests;

/// <summary>Supervised processes whose function is a .NET handler run as one-task jobs on the two silos' workers.</summary>
[Collection(StateClusterCollection.Name)]
public sealed class ClusterProcessTests(StateCluster cluster)
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(120);

    private ProcessClient Processes => new(cluster.Client);

    private static string Key(int failures) => Guid.NewGuid().ToString("N") + ":" + failures;

    [Fact]
    public async Task Wait_returns_the_handlers_return_value()
    {
        var process = Processes.Start<int, int>("triple", 14);
        Assert.Equal(42, await process.WaitAsync(Long));
        Assert.Equal(1, process.Attempts);
    }

    [Fact]
    public async Task A_failure_whose_exception_type_is_retried_runs_the_handler_again()
    {
        var process = Processes.Start<string, int>("flaky", Key(2), new ProcessOptions { RetryFor = [typeof(IOException)], RetryDelay = TimeSpan.FromMilliseconds(50) });
        Assert.Equal(3, await process.WaitAsync(Long));
        Assert.Equal(3, process.Attempts);
    }

    [Fact]
    public async Task A_failure_is_retried_by_exception_type_name()
    {
        var process = Processes.Start<string, int>("flaky", Key(1), new ProcessOptions { RetryForNames = ["IOException"], RetryDelay = TimeSpan.Zero });
        Assert.Equal(2, await process.WaitAsync(Long));
    }

    [Fact]
    public async Task Retries_stop_at_the_maximum_and_the_last_error_is_raised_with_its_type_name()
    {
        var process = Processes.Start<string, int>("flaky", Key(5), new ProcessOptions { RetryFor = [typeof(IOException)], RetryDelay = TimeSpan.Zero, MaxRetries = 2 });
        var error = await Assert.ThrowsAsync<ProcessFailedException>(() => process.WaitAsync(Long));
        Assert.Equal("IOException", error.Error.Name);
        Assert.Contains("call 3", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, process.Attempts);
    }

    [Fact]
    public async Task A_failure_of_another_type_is_not_retried()
    {
        var process = Processes.Start<string, int>("broken", "pump", new ProcessOptions { RetryFor = [typeof(IOException)], RetryDelay = TimeSpan.Zero });
        var error = await Assert.ThrowsAsync<ProcessFailedException>(() => process.WaitAsync(Long));
        Assert.Equal("InvalidOperationException", error.Error.Name);
        Assert.Equal(1, process.Attempts);
    }

    [Fact]
    public async Task The_retry_delay_passes_between_attempts()
    {
        var time = new ManualTime();
        var process = Processes.Start<string, int>("flaky", Key(1), new ProcessOptions { RetryFor = [typeof(IOException)], RetryDelay = TimeSpan.FromHours(1) }, time);
        using var limit = new CancellationTokenSource(Long);
        while (!time.HasTimers)
        {
            await Task.Delay(50, limit.Token); // the first attempt failed and the delay began
        }
        Assert.Equal(1, process.Attempts);
        Assert.False(process.Completion.IsCompleted);
        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(2, await process.WaitAsync(Long));
        Assert.Equal(2, process.Attempts);
    }

    [Fact]
    public async Task Wait_past_its_timeout_raises_TimeoutException_and_the_process_keeps_running()
    {
        var process = Processes.Start<int, int>("slow", 1);
        await Assert.ThrowsAsync<TimeoutException>(() => process.WaitAsync(TimeSpan.FromMilliseconds(300)));
        Assert.False(process.Completion.IsCompleted);
        process.Stop();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => process.WaitAsync(Long));
    }

    [Fact]
    public async Task Wait_all_returns_every_processs_value_in_order()
    {
        var processes = Enumerable.Range(1, 6).Select(i => Processes.Start<int, int>("triple", i)).ToList();
        Assert.Equal(new[] { 3, 6, 9, 12, 15, 18 }, await SupervisedProcess.WaitAllAsync(processes, Long));
    }

    [Fact]
    public async Task An_unknown_handler_is_refused_with_the_typed_error()
    {
        var process = Processes.Start<int, int>("no-such-handler", 1, new ProcessOptions { RetryFor = [typeof(IOException)], RetryDelay = TimeSpan.Zero });
        var error = await Assert.ThrowsAsync<InvalidJobException>(() => process.WaitAsync(Long));
        Assert.Contains("no-such-handler", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, process.Attempts);
    }
}
