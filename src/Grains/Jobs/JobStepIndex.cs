namespace JobRuntime.Grains.Jobs;

/// <summary>
/// The sizes that keep a job's state bounded: its step index is cut into segments of
/// <see cref="SegmentSteps"/> entries (the open one in the job's state, the full ones as pages
/// <c>steps.{n}</c>), and a submission is refused when the job's chunk list and segment list could
/// grow past <see cref="JobsOptions.MaxStateBytes"/>.
/// </summary>
internal static class JobStepIndex
{
    /// <summary>Entries in one segment of the index.</summary>
    public const int SegmentSteps = 2_048;

    /// <summary>The most bytes one packed entry takes (six variable-length integers).</summary>
    private const int MaxEntryBytes = 40;

    /// <summary>The most bytes a chunk adds to the job's state (its first task, tasks ended, last step acknowledged), as a serializer may write them.</summary>
    private const int BytesPerChunk = 48;

    /// <summary>The most bytes a written segment adds to the job's state (its first result and first error).</summary>
    private const int BytesPerSegment = 48;

    /// <summary>Text and fields of the state that do not grow with the job (program, owner, counters).</summary>
    private const int Fixed = 16 << 10;

    /// <summary>The name of segment <paramref name="segment"/>'s pages.</summary>
    public static string SegmentPages(int segment) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"steps.{segment}");

    /// <summary>
    /// The most bytes the job's state can take with <paramref name="chunks"/> chunks and
    /// <paramref name="tasks"/> tasks: a step records at least one outcome, so there are at most as
    /// many steps as tasks; the open segment is written as base64 in the worst case.
    /// </summary>
    public static long WorstStateBytes(long chunks, long tasks, int programBytes) =>
        StatePages.Reserve + Fixed + 2L * programBytes
        + (long)SegmentSteps * MaxEntryBytes * 4 / 3
        + chunks * BytesPerChunk
        + (tasks / SegmentSteps + 1) * BytesPerSegment;
}
