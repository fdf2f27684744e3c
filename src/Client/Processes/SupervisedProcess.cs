namespace JobRuntime.Client.Processes;

/// <summary>
/// A function run once under supervision (zproc's <c>process</c>): when it fails with one of
/// <see cref="ProcessOptions.RetryFor"/>, it runs again after the delay, up to the retry limit.
/// The function runs in the caller's process (<see cref="SupervisedProcess.Start{T}"/>) or, as a
/// one-task job of a registered .NET handler, on the cluster's workers (<see cref="ProcessClient"/>).
/// <code>
/// var process = SupervisedProcess.Start(async ct => await FetchAsync(ct), new() { RetryFor = [typeof(HttpRequestException)] });
/// var page = await process.WaitAsync(TimeSpan.FromMinutes(1));
/// </code>
/// </summary>
public sealed class SupervisedProcess<T>
{
    private readonly CancellationTokenSource _stop = new();
    private int _attempts;

    internal SupervisedProcess(Func<CancellationToken, Task<T>> function, ProcessOptions options, TimeProvider time)
    {
        Completion = Task.Run(() => SuperviseAsync(function, options, time));
    }

    /// <summary>How many times the function has been started.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>Completes with the function's return value, or its last error.</summary>
    public Task<T> Completion { get; }

    /// <summary>Waits for the return value (zproc's <c>wait</c>); the function's error is re-raised.</summary>
    /// <exception cref="TimeoutException">It did not finish within <paramref name="timeout"/> (it keeps running).</exception>
    public async Task<T> WaitAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return timeout is { } limit ? await Completion.WaitAsync(limit, cancellationToken) : await Completion.WaitAsync(cancellationToken);
        }
        catch (TimeoutException) when (!Completion.IsCompleted)
        {
            throw new TimeoutException($"The process did not finish within {timeout} ({Attempts} attempt(s) so far).");
        }
    }

    /// <summary>Stops the process: its function's token is cancelled and no retry follows.</summary>
    public void Stop() => _stop.Cancel();

    private async Task<T> SuperviseAsync(Func<CancellationToken, Task<T>> function, ProcessOptions options, TimeProvider time)
    {
        var retries = 0;
        while (true)
        {
            Interlocked.Increment(ref _attempts);
            try
            {
                return await function(_stop.Token);
            }
            catch (Exception e) when (!_stop.IsCancellationRequested && ShouldRetry(e, options, retries))
            {
                retries++;
                await Task.Delay(options.RetryDelay, time, _stop.Token);
            }
        }
    }

    private static bool ShouldRetry(Exception error, ProcessOptions options, int retries) =>
        (options.MaxRetries is not { } max || retries < max) && options.Retries(error);
}

/// <summary>Starts supervised processes and waits for several.</summary>
public static class SupervisedProcess
{
    /// <summary>Starts <paramref name="function"/> now, supervised (see <see cref="SupervisedProcess{T}"/>).</summary>
    public static SupervisedProcess<T> Start<T>(Func<CancellationToken, Task<T>> function, ProcessOptions? options = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        return new SupervisedProcess<T>(function, options ?? ProcessOptions.Default, time ?? TimeProvider.System);
    }

    /// <summary>Waits for every process (zproc's <c>wait_all</c>) and returns their values in order; the first error is re-raised.</summary>
    /// <exception cref="TimeoutException">Not all finished within <paramref name="timeout"/>.</exception>
    public static async Task<T[]> WaitAllAsync<T>(IEnumerable<SupervisedProcess<T>> processes, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(processes);
        var all = Task.WhenAll(processes.Select(p => p.Completion));
        try
        {
            return timeout is { } limit ? await all.WaitAsync(limit, cancellationToken) : await all.WaitAsync(cancellationToken);
        }
        catch (TimeoutException) when (!all.IsCompleted)
        {
            throw new TimeoutException($"Not every process finished within {timeout}.");
        }
    }
}
