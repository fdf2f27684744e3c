namespace JobRuntime.Grains.Jobs;

/// <summary>
/// Where each task of a chunk stands: pending, done or failed, its attempts, and the step that
/// recorded its outcome (whose pages hold the outcome). A few bytes a task, packed into one blob
/// of the chunk's state in a versioned binary layout; the inputs and outcomes are paged apart.
/// </summary>
internal sealed class ChunkProgress
{
    private const byte Version = 2;

    /// <summary>The most bytes one task may add to a chunk's state: its packed progress and its step's entries, as a serializer may write them.</summary>
    public const int MaxBytesPerTask = 32;

    /// <summary>A task not yet run to an end.</summary>
    public const byte Pending = 0;

    /// <summary>A task that has a result.</summary>
    public const byte Done = 2;

    /// <summary>A task that has an error.</summary>
    public const byte Failed = 3;

    public List<byte> States { get; } = [];

    public List<int> Steps { get; } = [];

    public List<int> Attempts { get; } = [];

    public int Count => States.Count;

    public void Add()
    {
        States.Add(Pending);
        Steps.Add(0);
        Attempts.Add(0);
    }

    public void RemoveFrom(int offset)
    {
        var count = Count - offset;
        States.RemoveRange(offset, count);
        Steps.RemoveRange(offset, count);
        Attempts.RemoveRange(offset, count);
    }

    public byte[] Encode()
    {
        using var buffer = new MemoryStream(Count * 4 + 8);
        using (var writer = new BinaryWriter(buffer))
        {
            writer.Write(Version);
            writer.Write7BitEncodedInt(Count);
            for (var i = 0; i < Count; i++)
            {
                writer.Write(States[i]);
                writer.Write7BitEncodedInt(Attempts[i]);
                writer.Write7BitEncodedInt(Steps[i]);
            }
        }
        return buffer.ToArray();
    }

    public static ChunkProgress Decode(byte[] data)
    {
        var progress = new ChunkProgress();
        if (data.Length == 0)
        {
            return progress;
        }
        using var reader = new BinaryReader(new MemoryStream(data));
        var version = reader.ReadByte();
        if (version != Version)
        {
            throw new InvalidDataException($"A chunk's progress is stored in layout {version}; this build reads layout {Version}.");
        }
        var count = reader.Read7BitEncodedInt();
        for (var i = 0; i < count; i++)
        {
            progress.States.Add(reader.ReadByte());
            progress.Attempts.Add(reader.Read7BitEncodedInt());
            progress.Steps.Add(reader.Read7BitEncodedInt());
        }
        return progress;
    }
}
