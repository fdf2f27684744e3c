namespace JobRuntime.GrainInterfaces.Platform;

/// <summary>
/// JSON records sent to a job in one buffer: record <c>i</c> is the UTF-8 bytes of
/// <see cref="Utf8"/> from <c>Ends[i - 1]</c> (0 for the first) to <c>Ends[i]</c>. Immutable, so a
/// call within a silo passes it without a copy; neither array may change once sent.
/// </summary>
/// <param name="Utf8">The records' bytes, one after another.</param>
/// <param name="Ends">Where each record ends in <paramref name="Utf8"/>.</param>
[GenerateSerializer, Immutable, Alias("JobRuntime.Platform.Records")]
public sealed record PlatformRecords([property: Id(0)] byte[] Utf8, [property: Id(1)] int[] Ends)
{
    /// <summary>How many records.</summary>
    public int Count => Ends.Length;
}
