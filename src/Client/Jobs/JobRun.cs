using System.Text.Json;
using System.Threading.Channels;
using JobRuntime.GrainInterfaces;

namespace JobRuntime.Client.Jobs;

/// <summary>
/// One call of <see cref="Job.RunAsync{T}(IEnumerable{T})"/>: enumerate it for the results of its
/// tasks; it ends when each of them has a result or an error. Enumerate it once.
/// </summary>
public sealed class JobRun : IAsyncEnumerable<JsonElement>
{
    private readonly Job _job;
    private readonly Func<CancellationToken, IAsyncEnumerable<string[]>> _chunks;
    private readonly List<TaskFailure> _errors = [];

    internal JobRun(Job job, Func<CancellationToken, IAsyncEnumerable<string[]>> chunks)
    {
        _job = job;
        _chunks = chunks;
    }

    /// <summary>The errors of this call's tasks seen so far (complete once the enumeration ended).</summary>
    public IReadOnlyList<TaskFailure> Errors
    {
        get { lock (_errors) { return [.. _errors]; } }
    }

    /// <summary>How many tasks this call submitted.</summary>
    public long Submitted { get; private set; }

    /// <summary>
    /// The index ranges a run submitted, each with a bit per task that has ended: constant memory
    /// per task (a bit), and a lookup by binary search.
    /// </summary>
    private sealed class RangeSet
    {
        private readonly List<(long First, int Count, System.Collections.BitArray Ended)> _ranges = [];

        public enum Outcome
        {
            Unknown,
            Ended,
            Repeated,
        }

        public void Add(TaskRange range)
        {
            lock (_ranges)
            {
                var at = _ranges.FindIndex(r => r.First > range.First);
                _ranges.Insert(at < 0 ? _ranges.Count : at, (range.First, range.Count, new System.Collections.BitArray(range.Count)));
            }
        }

        public Outcome End(long index)
        {
            lock (_ranges)
            {
                int low = 0, high = _ranges.Count - 1;
                while (low <= high)
                {
                    var middle = (low + high) / 2;
                    var (first, count, ended) = _ranges[middle];
                    if (index < first)
                    {
                        high = middle - 1;
                    }
                    else if (index >= first + count)
                    {
                        low = middle + 1;
                    }
                    else
                    {
                        var offset = (int)(index - first);
                        if (ended[offset])
                        {
                            return Outcome.Repeated;
                        }
                        ended[offset] = true;
                        return Outcome.Ended;
                    }
                }
                return Outcome.Unknown;
            }
        }
    }

    private readonly record struct Outcome(long Index, JsonElement? Result, TaskFailure? Failure);

    /// <inheritdoc/>
    public async IAsyncEnumerator<JsonElement> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        // Outcomes of any task of the job; ours are picked out by index. Index -1 marks "check again".
        var outcomes = Channel.CreateUnbounded<Outcome>();
        // Every outcome recorded from now on, with no gap: the subscriptions read what the streams lose.
        var results = await _job.SubscribeResultsAsync();
        var errors = await _job.SubscribeErrorsAsync();
        using var stopPumps = new CancellationTokenSource();
        var pumps = Task.WhenAll(
            PumpAsync(results, r => new Outcome(r.Item.Index, r.Item.Value, null), outcomes.Writer, stopPumps.Token),
            PumpAsync(errors, e => new Outcome(e.Item.Index, null, e.Item), outcomes.Writer, stopPumps.Token));
        try
        {
            var ranges = new RangeSet();
            var submitting = Task.Run(async () =>
            {
                await foreach (var range in _job.SubmitChunksAsync(_chunks(cancellationToken), cancellationToken))
                {
                    ranges.Add(range);
                    lock (_errors)
                    {
                        Submitted += range.Count;
                    }
                    outcomes.Writer.TryWrite(new Outcome(-1, null, null));
                }
            }, cancellationToken);
            // Wakes the loop once submission has ended; written after the task completed, so the
            // loop sees it completed when it reads this (a marker written from inside the task could
            // be read before the task counts as completed, and the loop would wait forever).
            _ = submitting.ContinueWith(_ => outcomes.Writer.TryWrite(new Outcome(-1, null, null)), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

            var waiting = new List<Outcome>();
            long ended = 0;
            while (true)
            {
                if (submitting.IsCompleted)
                {
                    await submitting; // a failed submission ends the run with its error
                    if (ended == Submitted)
                    {
                        yield break;
                    }
                }
                var outcome = await outcomes.Reader.ReadAsync(cancellationToken);
                if (outcome.Index >= 0)
                {
                    waiting.Add(outcome);
                }
                for (var i = waiting.Count - 1; i >= 0; i--)
                {
                    var item = waiting[i];
                    var state = ranges.End(item.Index);
                    if (state == RangeSet.Outcome.Unknown)
                    {
                        continue; // another run's task, or ours before its range is known
                    }
                    waiting.RemoveAt(i);
                    if (state == RangeSet.Outcome.Repeated)
                    {
                        continue;
                    }
                    ended++;
                    if (item.Failure is { } failure)
                    {
                        lock (_errors)
                        {
                            _errors.Add(failure);
                        }
                    }
                    else
                    {
                        yield return item.Result!.Value;
                    }
                }
                // Drop others' outcomes once our submission is done: they can never become ours.
                if (submitting.IsCompleted)
                {
                    waiting.Clear();
                }
            }
        }
        finally
        {
            stopPumps.Cancel();
            await results.DisposeAsync();
            await errors.DisposeAsync();
            try
            {
                await pumps;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private static async Task PumpAsync<T>(JobEventStream<T> events, Func<Positioned<T>, Outcome> outcome, ChannelWriter<Outcome> writer, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in events.WithCancellation(cancellationToken))
            {
                writer.TryWrite(outcome(item));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            writer.TryComplete(e); // the run ends with the error rather than wait for outcomes that cannot come
        }
    }
}
