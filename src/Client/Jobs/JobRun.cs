using System.Text.Json;
using System.Threading.Channels;
using JobRuntime.GrainInterfaces;
using Orleans.Streams;

namespace JobRuntime.Client.Jobs;

/// <summary>
/// One call of <see cref="Job.RunAsync{T}(IEnumerable{T})"/>: enumerate it for the results of its
/// tasks; it ends when each of them has a result or an error. Enumerate it once.
/// </summary>
public sealed class JobRun : IAsyncEnumerable<JsonElement>
{
    private readonly Job _job;
    private readonly Func<CancellationToken, IAsyncEnumerable<JsonElement[]>> _chunks;
    private readonly List<TaskFailure> _errors = [];

    internal JobRun(Job job, Func<CancellationToken, IAsyncEnumerable<JsonElement[]>> chunks)
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
        var results = await _job.ResultsStream.SubscribeAsync((r, _) => { outcomes.Writer.TryWrite(new Outcome(r.Index, r.Value, null)); return Task.CompletedTask; });
        var errors = await _job.ErrorsStream.SubscribeAsync((e, _) => { outcomes.Writer.TryWrite(new Outcome(e.Index, null, e)); return Task.CompletedTask; });
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
            await results.UnsubscribeAsync();
            await errors.UnsubscribeAsync();
        }
    }
}
