using JobRuntime.Client.Processes;

namespace JobRuntime.State.Tests;

public sealed class SupervisedProcessTests
{
    [Fact]
    public async Task Wait_returns_the_functions_return_value()
    {
        var process = SupervisedProcess.Start(_ => Task.FromResult(42));
        Assert.Equal(42, await process.WaitAsync(TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public async Task A_failure_of_a_retried_type_runs_the_function_again()
    {
        var calls = 0;
        var process = SupervisedProcess.Start(_ => ++calls < 3 ? throw new IOException("flaky") : Task.FromResult(calls),
            new ProcessOptions { RetryFor = [typeof(IOException)], RetryDelay = TimeSpan.FromMilliseconds(10) });
        Assert.Equal(3, await process.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(3, process.Attempts);
    }

    [Fact]
    public async Task Retries_stop_at_the_maximum_and_the_last_error_is_re_raised()
    {
        var process = SupervisedProcess.Start<int>(_ => throw new IOException("always"),
            new ProcessOptions { RetryFor = [typeof(IOException)], RetryDelay = TimeSpan.Zero, MaxRetries = 2 });
        await Assert.ThrowsAsync<IOException>(() => process.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(3, process.Attempts);
    }

    [Fact]
    public async Task A_failure_of_another_type_is_not_retried()
    {
        var process = SupervisedProcess.Start<int>(_ => throw new InvalidOperationException("bug"),
            new ProcessOptions { RetryFor = [typeof(IOException)], RetryDelay = TimeSpan.Zero });
        await Assert.ThrowsAsync<InvalidOperationException>(() => process.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(1, process.Attempts);
    }

    [Fact]
    public async Task Wait_past_its_timeout_raises_TimeoutException()
    {
        var process = SupervisedProcess.Start(async ct =>
        {
            await Task.Delay(TimeSpan.FromMinutes(5), ct);
            return 0;
        });
        await Assert.ThrowsAsync<TimeoutException>(() => process.WaitAsync(TimeSpan.FromMilliseconds(100)));
        process.Stop();
    }

    [Fact]
    public async Task Wait_all_returns_every_value_in_order()
    {
        var processes = Enumerable.Range(1, 3).Select(i => SupervisedProcess.Start(async ct =>
        {
            await Task.Delay(10 * (4 - i), ct);
            return i;
        })).ToList();
        Assert.Equal(new[] { 1, 2, 3 }, await SupervisedProcess.WaitAllAsync(processes, TimeSpan.FromSeconds(60)));
    }
}
