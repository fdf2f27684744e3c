using JobRuntime.GrainInterfaces;

namespace JobRuntime.Grains.Jobs;

/// <summary>Reading a job's tasks and outcomes back from its chunks, by its step index.</summary>
internal sealed partial class JobGrain
{
    public async Task<TaskView> GetTask(long index)
    {
        EnsureExists();
        var chunk = ChunkOf(index);
        var view = chunk < 0 ? null : await Chunk(chunk).GetTask(index);
        return view ?? throw new KeyNotFoundException($"Job '{Id}' has no task {index}.");
    }

    private int ChunkOf(long index)
    {
        if (index < 0 || index >= State.Total)
        {
            return -1;
        }
        var at = State.ChunkFirsts.BinarySearch(index);
        return at >= 0 ? at : ~at - 1;
    }

    public Task<Positioned<TaskResult>[]> ReadResults(long after, int max) =>
        ReadAsync(after, max, State.SegmentFirstResults, s => s.FirstResult, s => s.Results, step => step.Results);

    public Task<Positioned<TaskFailure>[]> ReadErrors(long after, int max) =>
        ReadAsync(after, max, State.SegmentFirstErrors, s => s.FirstError, s => s.Errors, step => step.Errors);

    // The outcomes after a position come from the steps that recorded them, read back from their
    // chunks; the steps are found in the segment of the index that holds the position, then the next.
    private async Task<Positioned<T>[]> ReadAsync<T>(long after, int max, List<long> segmentFirsts, Func<JobStep, long> firstOf, Func<JobStep, int> countOf, Func<ChunkStep, T[]> itemsOf)
    {
        if (max is < 1 or > MaxRead)
        {
            throw new ArgumentOutOfRangeException(nameof(max), max, $"A read takes 1 to {MaxRead} events.");
        }
        EnsureExists();
        var sealedCount = segmentFirsts.Count;
        // The last written segment that starts at or before the first position wanted (the open one when none).
        var segment = segmentFirsts.BinarySearch(after + 1);
        segment = segment >= 0 ? segment : ~segment - 1;
        segment = Math.Max(segment, 0);
        var items = new List<Positioned<T>>();
        for (; segment <= sealedCount && items.Count < max; segment++)
        {
            var steps = segment < sealedCount ? await SegmentAsync(segment) : _steps;
            for (var i = FirstPast(steps, after, firstOf, countOf); i < steps.Count && items.Count < max; i++)
            {
                var entry = steps[i];
                if (countOf(entry) == 0)
                {
                    continue;
                }
                var recorded = itemsOf(await Chunk(entry.Chunk).ReadStep(entry.Step));
                for (var k = 0; k < recorded.Length && items.Count < max; k++)
                {
                    var position = firstOf(entry) + k;
                    if (position > after)
                    {
                        items.Add(new Positioned<T>(position, recorded[k]));
                    }
                }
            }
        }
        return [.. items];
    }

    // The first step whose last position is past 'after' (steps are in position order).
    private static int FirstPast(List<JobStep> steps, long after, Func<JobStep, long> firstOf, Func<JobStep, int> countOf)
    {
        int low = 0, high = steps.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (firstOf(steps[middle]) + countOf(steps[middle]) - 1 <= after)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        return low;
    }

    // A written segment of the index, kept in memory while few are (readers move forward through them).
    private async Task<List<JobStep>> SegmentAsync(int segment)
    {
        if (!_segments.TryGetValue(segment, out var steps))
        {
            steps = JobSteps.Decode(await _pages.ReadAsync(JobStepIndex.SegmentPages(segment), 1));
            if (_segments.Count >= 8)
            {
                _segments.Clear();
            }
            _segments[segment] = steps;
        }
        return steps;
    }
}
