using JobRuntime.GrainInterfaces;

namespace JobRuntime.Grains.Jobs;

/// <summary>
/// What a job stores: its definition, counters, its chunks, and the steps that gave its outcomes
/// their positions (the index <see cref="IJobGrain.ReadResults"/> reads by).
/// </summary>
[GenerateSerializer, Alias("JobRuntime.JobState")]
public sealed class JobState
{
    /// <summary>The program, kind and options; null before the job is created.</summary>
    [Id(0)] public ChunkProgram? Program { get; set; }

    /// <summary>The user the job belongs to.</summary>
    [Id(1)] public string Owner { get; set; } = "";

    /// <summary>True once the job is deleted.</summary>
    [Id(2)] public bool Deleted { get; set; }

    /// <summary>When the job was created.</summary>
    [Id(3)] public DateTimeOffset Created { get; set; }

    /// <summary>When tasks or outcomes were last added.</summary>
    [Id(4)] public DateTimeOffset Modified { get; set; }

    /// <summary>When the last outcome was recorded.</summary>
    [Id(5)] public DateTimeOffset? LastOutcome { get; set; }

    /// <summary>Tasks submitted.</summary>
    [Id(6)] public long Total { get; set; }

    /// <summary>Tasks with a result (also the position of the last result).</summary>
    [Id(7)] public long Finished { get; set; }

    /// <summary>Tasks with an error (also the position of the last error).</summary>
    [Id(8)] public long Failed { get; set; }

    /// <summary>Compute time of the recorded outcomes, in milliseconds.</summary>
    [Id(9)] public long ComputeMilliseconds { get; set; }

    /// <summary>The index of each chunk's first task; a chunk ends where the next begins (the last at <see cref="Total"/>).</summary>
    [Id(10)] public List<long> ChunkFirsts { get; set; } = [];

    /// <summary>Input bytes in the last chunk (which takes appends until it is full).</summary>
    [Id(11)] public int LastChunkBytes { get; set; }

    /// <summary>Tasks ended in each chunk.</summary>
    [Id(12)] public List<int> ChunkEnded { get; set; } = [];

    /// <summary>The last step of each chunk that was recorded here.</summary>
    [Id(13)] public List<int> ChunkAcked { get; set; } = [];

    /// <summary>Every recorded step, in the order of their positions (<see cref="JobSteps"/>), packed.</summary>
    [Id(14)] public byte[] Steps { get; set; } = [];

    /// <summary>True once the job is cancelled: it takes no more tasks, and its unstarted tasks end as cancelled.</summary>
    [Id(15)] public bool Cancelled { get; set; }

    /// <summary>The number of tasks in chunk <paramref name="chunk"/>.</summary>
    public long ChunkSize(int chunk) => (chunk + 1 < ChunkFirsts.Count ? ChunkFirsts[chunk + 1] : Total) - ChunkFirsts[chunk];
}

/// <summary>A recorded step: which chunk and step, and the positions its first result and first error got.</summary>
internal readonly record struct JobStep(int Chunk, int Step, long FirstResult, int Results, long FirstError, int Errors);

/// <summary>A job's recorded steps, packed for storage (six variable-length integers each).</summary>
internal static class JobSteps
{
    public static byte[] Encode(List<JobStep> steps)
    {
        using var buffer = new MemoryStream(steps.Count * 12 + 8);
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write7BitEncodedInt(steps.Count);
            foreach (var step in steps)
            {
                writer.Write7BitEncodedInt(step.Chunk);
                writer.Write7BitEncodedInt(step.Step);
                writer.Write7BitEncodedInt64(step.FirstResult);
                writer.Write7BitEncodedInt(step.Results);
                writer.Write7BitEncodedInt64(step.FirstError);
                writer.Write7BitEncodedInt(step.Errors);
            }
        }
        return buffer.ToArray();
    }

    public static List<JobStep> Decode(byte[] data)
    {
        if (data.Length == 0)
        {
            return [];
        }
        using var reader = new BinaryReader(new MemoryStream(data));
        var steps = new List<JobStep>(reader.Read7BitEncodedInt());
        for (var i = steps.Capacity; i > 0; i--)
        {
            steps.Add(new JobStep(
                reader.Read7BitEncodedInt(), reader.Read7BitEncodedInt(), reader.Read7BitEncodedInt64(),
                reader.Read7BitEncodedInt(), reader.Read7BitEncodedInt64(), reader.Read7BitEncodedInt()));
        }
        return steps;
    }
}
