namespace JobRuntime.Storage.Platform;

/// <summary>One stored record seen during a scan: its bytes are valid only until the visitor returns.</summary>
/// <param name="Spider">The record's spider.</param>
/// <param name="Job">The record's job number.</param>
/// <param name="Index">Its index in the job's stream.</param>
/// <param name="Timestamp">Its batch's write time (ms).</param>
/// <param name="Data">Its JSON text as UTF-8.</param>
public readonly ref struct PlatformDataRow(int Spider, int Job, long Index, long Timestamp, ReadOnlySpan<byte> Data)
{
    /// <summary>The record's spider.</summary>
    public int Spider { get; } = Spider;

    /// <summary>The record's job number.</summary>
    public int Job { get; } = Job;

    /// <summary>Its index in the job's stream.</summary>
    public long Index { get; } = Index;

    /// <summary>Its batch's write time (ms).</summary>
    public long Timestamp { get; } = Timestamp;

    /// <summary>Its JSON text as UTF-8.</summary>
    public ReadOnlySpan<byte> Data { get; } = Data;
}

/// <summary>Called for each record of a scan, on the reading thread, in index order.</summary>
public delegate void PlatformDataVisitor(in PlatformDataRow row);
