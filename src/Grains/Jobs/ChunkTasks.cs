using System.Text;

namespace JobRuntime.Grains.Jobs;

/// <summary>
/// A chunk's tasks in memory: each task's input while it is pending, and once it ended its
/// outcome (the result's JSON, or its error as JSON), console output and the step that recorded
/// it. Packed into one blob for storage, in a versioned binary layout.
/// </summary>
internal sealed class ChunkTasks
{
    private const byte Version = 1;

    /// <summary>A task not yet run to an end.</summary>
    public const byte Pending = 0;

    /// <summary>A task that has a result.</summary>
    public const byte Done = 2;

    /// <summary>A task that has an error.</summary>
    public const byte Failed = 3;

    public List<byte> States { get; } = [];

    /// <summary>The input's JSON while pending; the outcome's JSON once ended.</summary>
    public List<string> Texts { get; } = [];

    public List<string[]?> Logs { get; } = [];

    public List<int> Steps { get; } = [];

    public List<int> Attempts { get; } = [];

    public int Count => States.Count;

    public void Add(string input)
    {
        States.Add(Pending);
        Texts.Add(input);
        Logs.Add(null);
        Steps.Add(0);
        Attempts.Add(0);
    }

    public void RemoveFrom(int offset)
    {
        var count = Count - offset;
        States.RemoveRange(offset, count);
        Texts.RemoveRange(offset, count);
        Logs.RemoveRange(offset, count);
        Steps.RemoveRange(offset, count);
        Attempts.RemoveRange(offset, count);
    }

    public byte[] Encode()
    {
        using var buffer = new MemoryStream(Count * 32 + 16);
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Version);
            writer.Write7BitEncodedInt(Count);
            for (var i = 0; i < Count; i++)
            {
                writer.Write(States[i]);
                writer.Write7BitEncodedInt(Attempts[i]);
                writer.Write7BitEncodedInt(Steps[i]);
                writer.Write(Texts[i]);
                var log = Logs[i];
                writer.Write7BitEncodedInt(log?.Length ?? 0);
                foreach (var line in log ?? [])
                {
                    writer.Write(line);
                }
            }
        }
        return buffer.ToArray();
    }

    public static ChunkTasks Decode(byte[] data)
    {
        var tasks = new ChunkTasks();
        if (data.Length == 0)
        {
            return tasks;
        }
        using var reader = new BinaryReader(new MemoryStream(data), Encoding.UTF8);
        var version = reader.ReadByte();
        if (version != Version)
        {
            throw new InvalidDataException($"A chunk's tasks are stored in layout {version}; this build reads layout {Version}.");
        }
        var count = reader.Read7BitEncodedInt();
        for (var i = 0; i < count; i++)
        {
            tasks.States.Add(reader.ReadByte());
            tasks.Attempts.Add(reader.Read7BitEncodedInt());
            tasks.Steps.Add(reader.Read7BitEncodedInt());
            tasks.Texts.Add(reader.ReadString());
            var lines = reader.Read7BitEncodedInt();
            string[]? log = null;
            if (lines > 0)
            {
                log = new string[lines];
                for (var k = 0; k < lines; k++)
                {
                    log[k] = reader.ReadString();
                }
            }
            tasks.Logs.Add(log);
        }
        return tasks;
    }
}
