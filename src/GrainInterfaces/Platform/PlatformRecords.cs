using System.Text;

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

    /// <summary>Records given as JSON texts.</summary>
    public static PlatformRecords From(IReadOnlyCollection<string> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var utf8 = new byte[records.Sum(r => Encoding.UTF8.GetByteCount(r))];
        var ends = new int[records.Count];
        var at = 0;
        var i = 0;
        foreach (var record in records)
        {
            at += Encoding.UTF8.GetBytes(record, utf8.AsSpan(at));
            ends[i++] = at;
        }
        return new PlatformRecords(utf8, ends);
    }
}
