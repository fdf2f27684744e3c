namespace JobRuntime.Grains.Jobs;

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
