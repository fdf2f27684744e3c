using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using JobRuntime.Client.Jobs;
using JobRuntime.GrainInterfaces;

namespace JobRuntime.Silo.WebConsole;

/// <summary>
/// The server-sent events of a job's page, driven by the job's results and errors streams: a
/// <c>counters</c> event (from the job grain) whenever outcomes arrived, and at least every few
/// seconds; the newest <c>result</c> events and every <c>error</c> event (up to a bound per
/// tick); <c>deleted</c> when the job is gone, <c>problem</c> when its streams fail.
/// </summary>
internal static class JobEventsFeed
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(5);
    private const int MaxValueChars = 300;

    public static async IAsyncEnumerable<SseItem<string>> ReadAsync(Job job, long? resultsAfter, long? errorsAfter, TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var tail = new JobTail(JobsConsole.Tail, 50);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task[] pumps =
        [
            Pump(job.GetResultsStream(resultsAfter, stop.Token), tail.Add),
            Pump(job.GetErrorsStream(errorsAfter, stop.Token), tail.Add),
        ];
        try
        {
            var rate = new RateMeter(time);
            var sentAt = long.MinValue;
            while (!cancellationToken.IsCancellationRequested)
            {
                if (pumps.FirstOrDefault(p => p.IsFaulted) is { } failed)
                {
                    yield return Event("problem", new { message = $"The job's streams failed: {failed.Exception!.GetBaseException().Message}" });
                    yield break;
                }
                var (results, errors, changed) = tail.Take();
                if (changed || sentAt == long.MinValue || time.GetElapsedTime(sentAt) >= Heartbeat)
                {
                    if (await InfoAsync(job) is not { } info)
                    {
                        yield return Event("deleted", new { id = job.Id });
                        yield break;
                    }
                    sentAt = time.GetTimestamp();
                    yield return Event("counters", Counters(info, rate.Next(info.Id, info.Finished + info.Failed)));
                }
                foreach (var result in results)
                {
                    yield return Event("result", new { index = result.Item.Index, position = result.Position, value = Text(result.Item.Value) });
                }
                foreach (var error in errors)
                {
                    yield return Event("error", new { index = error.Item.Index, position = error.Position, message = error.Item.Error.Message, type = error.Item.Error.Type });
                }
                if (!await DelayAsync(Tick, time, cancellationToken))
                {
                    yield break;
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(pumps).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    /// <summary>A job's counters as the console shows them.</summary>
    public static object Counters(JobInfo info, double rate) => new
    {
        id = info.Id,
        status = info.Status,
        kind = Apis.JobResponse.KindName(info.Kind),
        finished = info.Finished,
        failed = info.Failed,
        total = info.Total,
        rate = Math.Round(rate, 1),
        created = info.Created.UtcDateTime,
    };

    public static SseItem<string> Event(string type, object data) => new(JsonSerializer.Serialize(data, JsonSerializerOptions.Web), type);

    /// <summary>Waits; false when cancelled.</summary>
    public static async Task<bool> DelayAsync(TimeSpan delay, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task<JobInfo?> InfoAsync(Job job)
    {
        try
        {
            return await job.GetInfoAsync();
        }
        catch (JobNotFoundException)
        {
            return null;
        }
    }

    private static async Task Pump<T>(IAsyncEnumerable<Positioned<T>> items, Action<Positioned<T>> add)
    {
        try
        {
            await foreach (var item in items)
            {
                add(item);
            }
        }
        catch (OperationCanceledException)
        {
            // The page went away.
        }
    }

    private static string Text(JsonElement value)
    {
        var text = value.ValueKind == JsonValueKind.Undefined ? "null" : value.GetRawText();
        return text.Length <= MaxValueChars ? text : string.Concat(text.AsSpan(0, MaxValueChars), "…");
    }
}
