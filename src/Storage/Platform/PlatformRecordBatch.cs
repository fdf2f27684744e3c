using System.Text;

namespace JobRuntime.Storage.Platform;

/// <summary>
/// A batch of JSON records kept as one UTF-8 buffer: record <c>i</c> is the bytes from
/// <c>Ends[i - 1]</c> (0 for the first) to <c>Ends[i]</c>. Uploads stay in this form from the HTTP
/// body to the engine, with no string per record.
/// </summary>
public sealed class PlatformRecordBatch
{
    private readonly byte[] _utf8;
    private readonly int[] _ends;

    /// <summary>Wraps a buffer and its record ends (not copied: neither may change afterwards).</summary>
    /// <exception cref="ArgumentException">An end is out of the buffer or before the previous one.</exception>
    public PlatformRecordBatch(byte[] utf8, int[] ends)
    {
        ArgumentNullException.ThrowIfNull(utf8);
        ArgumentNullException.ThrowIfNull(ends);
        var previous = 0;
        foreach (var end in ends)
        {
            if (end < previous || end > utf8.Length)
            {
                throw new ArgumentException($"Record end {end} is outside 0..{utf8.Length} or before the previous end {previous}.", nameof(ends));
            }
            previous = end;
        }
        _utf8 = utf8;
        _ends = ends;
    }

    /// <summary>How many records.</summary>
    public int Count => _ends.Length;

    /// <summary>The UTF-8 bytes of all records, one after another.</summary>
    public ReadOnlySpan<byte> Utf8 => _utf8.AsSpan(0, Count == 0 ? 0 : _ends[^1]);

    /// <summary>The bytes of all records together (what they weigh in storage).</summary>
    public long ByteCount => Count == 0 ? 0 : _ends[^1];

    /// <summary>The UTF-8 bytes of record <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> this[int index] => _utf8.AsSpan(Start(index), _ends[index] - Start(index));

    /// <summary>The buffer under the batch (for serializers that take it whole).</summary>
    public byte[] Buffer => _utf8;

    /// <summary>The record ends (for serializers that take them whole).</summary>
    public int[] Ends => _ends;

    /// <summary>Record <paramref name="index"/> as a string.</summary>
    public string GetString(int index) => Encoding.UTF8.GetString(this[index]);

    /// <summary>Every record as a string.</summary>
    public string[] ToStrings()
    {
        var strings = new string[Count];
        for (var i = 0; i < strings.Length; i++)
        {
            strings[i] = GetString(i);
        }
        return strings;
    }

    /// <summary>A batch of the given JSON texts.</summary>
    public static PlatformRecordBatch From(IReadOnlyCollection<string> records)
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
        return new PlatformRecordBatch(utf8, ends);
    }

    private int Start(int index) => index == 0 ? 0 : _ends[index - 1];
}
