using System.Globalization;
using System.Text;
using System.Text.Json;
using JobRuntime.GrainInterfaces;
using JobRuntime.Grains.Telemetry;

namespace JobRuntime.Grains.Jobs;

/// <summary>A job's submissions: tasks go into its chunks, within its quota and the bounds of its state.</summary>
internal sealed partial class JobGrain
{
    public Task<TaskRange> SubmitTasks(JsonElement[] tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var texts = new string[tasks.Length];
        for (var i = 0; i < tasks.Length; i++)
        {
            texts[i] = tasks[i].ValueKind == JsonValueKind.Undefined ? "null" : tasks[i].GetRawText();
        }
        return AppendAsync(texts);
    }

    public Task<TaskRange> SubmitJson(string[] tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        for (var i = 0; i < tasks.Length; i++)
        {
            if (!IsOneJsonValue(tasks[i]))
            {
                throw new InvalidTaskException($"Task {i + 1} of this submission to job '{Id}' is not one JSON value.");
            }
        }
        return AppendAsync(tasks);
    }

    private static bool IsOneJsonValue(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var bytes = Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(bytes);
        try
        {
            if (!reader.Read())
            {
                return false;
            }
            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private async Task<TaskRange> AppendAsync(string[] tasks)
    {
        EnsureExists();
        if (State.Cancelled)
        {
            throw new JobCancelledException($"Job '{Id}' was cancelled: it takes no more tasks.");
        }
        if (tasks.Length == 0)
        {
            return new TaskRange(State.Total, 0);
        }
        using var activity = JobsTracing.StartJob("job submit", Id);
        activity?.SetTag("jobruntime.tasks.count", tasks.Length);
        var first = State.Total;
        // Into the last chunk while it has room, then into new ones; each chunk's part is written
        // by the chunk, and only then are the tasks counted here (an append this write does not
        // confirm is replaced by the next one).
        var appends = new List<(int Chunk, long First, string[] Tasks)>();
        long bytes = 0;
        var chunks = new List<long>(State.ChunkFirsts);
        var lastBytes = State.LastChunkBytes;
        var index = first;
        var at = 0;
        while (at < tasks.Length)
        {
            var last = chunks.Count - 1;
            var room = last < 0 ? 0 : _options.ChunkMaxTasks - (int)(index - chunks[last]);
            if (room <= 0 || lastBytes >= _options.ChunkMaxBytes)
            {
                chunks.Add(index);
                lastBytes = 0;
                continue;
            }
            var part = new List<string>(Math.Min(room, tasks.Length - at));
            while (at < tasks.Length && part.Count < room && lastBytes < _options.ChunkMaxBytes)
            {
                var text = tasks[at++];
                var size = Encoding.UTF8.GetByteCount(text);
                lastBytes += size;
                bytes += size;
                part.Add(text);
            }
            appends.Add((last, index, [.. part]));
            index += part.Count;
        }
        EnsureWithinLimits(bytes, chunks.Count, index);
        await Task.WhenAll(appends.Select(a => Chunk(a.Chunk).Append(a.First, a.Tasks, State.Program!)));

        for (var c = State.ChunkFirsts.Count; c < chunks.Count; c++)
        {
            State.ChunkEnded.Add(0);
            State.ChunkAcked.Add(0);
        }
        State.ChunkFirsts = chunks;
        State.LastChunkBytes = lastBytes;
        State.Total = index;
        State.InputBytes += bytes;
        State.Modified = time.GetUtcNow();
        await WriteAsync();
        await Task.WhenAll(appends.Select(a => a.Chunk).Distinct().Select(c => Chunk(c).Run(ChunkEnd(c))));
        metrics.Submitted(tasks.Length);
        StartResuming(_options.ResumeInterval);
        await SetReminderAsync();
        return new TaskRange(first, tasks.Length);
    }

    // Refuses, before anything is written, a submission that would take the job past its quota or
    // its state past the bound (its chunk list and index grow with its tasks).
    private void EnsureWithinLimits(long bytes, int chunks, long total)
    {
        var stored = State.InputBytes + State.OutcomeBytes;
        if (stored + bytes > _options.MaxJobBytes)
        {
            throw new JobLimitException(string.Create(CultureInfo.InvariantCulture,
                $"Job '{Id}' would hold {stored + bytes} bytes of task inputs and outcomes, past its quota of {_options.MaxJobBytes} bytes (JobRuntime:Jobs:MaxJobBytes); none of these {total - State.Total} tasks was added."));
        }
        var worst = JobStepIndex.WorstStateBytes(chunks, total, State.Program!.Text.Length + State.Owner.Length);
        if (worst > _options.MaxStateBytes)
        {
            throw new JobLimitException(string.Create(CultureInfo.InvariantCulture,
                $"Job '{Id}' would have {total} tasks in {chunks} chunks, more than its state can index within {_options.MaxStateBytes} bytes (JobRuntime:Jobs:MaxStateBytes); none of these {total - State.Total} tasks was added."));
        }
    }
}
