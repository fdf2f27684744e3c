using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using JobRuntime.Client.Jobs;

namespace JobRuntime.Silo.WebConsole;

/// <summary>
/// The server-sent events of the jobs list: a <c>jobs</c> event with every job's counters and
/// tasks/s (and their sum) whenever the streams of a running job delivered outcomes
/// (<see cref="JobActivity"/>), and at least every second for jobs that appear or get tasks.
/// </summary>
internal static class JobListFeed
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(1);

    public static async IAsyncEnumerable<SseItem<string>> ReadAsync(JobClient jobs, TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var activity = new JobActivity(jobs);
        var rate = new RateMeter(time);
        var listedAt = long.MinValue;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (activity.TakeChanged() || listedAt == long.MinValue || time.GetElapsedTime(listedAt) >= Refresh)
            {
                listedAt = time.GetTimestamp();
                var list = await jobs.ListJobsAsync();
                activity.Watch(list);
                rate.Keep(list.Select(j => j.Id).ToHashSet());
                var rates = list.Select(j => rate.Next(j.Id, j.Finished + j.Failed)).ToArray();
                yield return JobEventsFeed.Event("jobs", new
                {
                    rate = Math.Round(rates.Sum(), 1),
                    jobs = list.Select((j, i) => JobEventsFeed.Counters(j, rates[i])).ToArray(),
                });
            }
            if (!await JobEventsFeed.DelayAsync(Tick, time, cancellationToken))
            {
                yield break;
            }
        }
    }
}
