using System.Text;

namespace JobRuntime.Grains.Jobs;

/// <summary>A chunk's task inputs (JSON text), packed for its input pages: written when tasks are appended, never per step.</summary>
internal static class ChunkInputs
{
    public static byte[] Encode(IReadOnlyList<string> inputs)
    {
        using var buffer = new MemoryStream(inputs.Sum(i => i.Length) + inputs.Count * 2 + 8);
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write7BitEncodedInt(inputs.Count);
            foreach (var input in inputs)
            {
                writer.Write(input);
            }
        }
        return buffer.ToArray();
    }

    public static List<string> Decode(byte[] data)
    {
        if (data.Length == 0)
        {
            return [];
        }
        using var reader = new BinaryReader(new MemoryStream(data), Encoding.UTF8);
        var inputs = new List<string>(reader.Read7BitEncodedInt());
        for (var i = inputs.Capacity; i > 0; i--)
        {
            inputs.Add(reader.ReadString());
        }
        return inputs;
    }
}
