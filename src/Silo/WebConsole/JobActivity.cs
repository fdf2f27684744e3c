using JobRuntime.Client.Jobs;
using JobRuntime.GrainInterfaces;

namespace JobRuntime.Silo.WebConsole;

/// <summary>
/// Subscribes to the results and errors streams of the running jobs of a list (those with tasks
/// not yet ended, the newest <see cref="MaxWatched"/>) and says whether any delivered an outcome.
/// </summary>
internal sealed class JobActivity(JobClient jobs) : IAsyncDisposable
{
    /// <summary>The most jobs watched at once.</summary>
    public const int MaxWatched = 20;

    private readonly Dictionary<string, (CancellationTokenSource Stop, Task Pumps)> _watched = [];
    private int _changed;

    /// <summary>True when an outcome arrived since the last call.</summary>
    public bool TakeChanged() => Interlocked.Exchange(ref _changed, 0) == 1;

    /// <summary>Watches the running jobs of <paramref name="list"/> and stops watching the others.</summary>
    public void Watch(IEnumerable<JobInfo> list)
    {
        var running = list.Where(j => j.Finished + j.Failed < j.Total).Take(MaxWatched).Select(j => j.Id).ToHashSet();
        foreach (var id in _watched.Keys.Where(id => !running.Contains(id)).ToList())
        {
            var (stop, pumps) = _watched[id];
            _watched.Remove(id);
            stop.Cancel();
            _ = pumps.ContinueWith(_ => stop.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        foreach (var id in running.Where(id => !_watched.ContainsKey(id)))
        {
            var stop = new CancellationTokenSource();
            var job = jobs.OpenJob(id);
            _watched[id] = (stop, Task.WhenAll(PumpAsync(job.GetResultsStream(null, stop.Token)), PumpAsync(job.GetErrorsStream(null, stop.Token))));
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (stop, _) in _watched.Values)
        {
            await stop.CancelAsync();
        }
        foreach (var (stop, pumps) in _watched.Values)
        {
            await pumps;
            stop.Dispose();
        }
        _watched.Clear();
    }

    // Ends quietly when cancelled or when the job's streams fail (the list's regular refresh goes on).
    private async Task PumpAsync<T>(IAsyncEnumerable<Positioned<T>> items)
    {
        try
        {
            await foreach (var _ in items)
            {
                Interlocked.Exchange(ref _changed, 1);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or OrleansException or TimeoutException)
        {
        }
    }
}
