namespace JobRuntime.Grains.Jobs;

/// <summary>
/// How the engine keeps each grain state write under <see cref="JobsOptions.MaxStateBytes"/>: data
/// that may be larger (a chunk's inputs, a step's outcomes) is cut into pages of at most
/// <see cref="PayloadBytes"/> each, written as states of their own.
/// </summary>
internal static class StatePages
{
    /// <summary>Room kept in every state for the storage's own fields and the serializer's framing.</summary>
    public const int Reserve = 4 << 10;

    /// <summary>
    /// The bytes a page may carry: three quarters of the bound (a serializer may write bytes as
    /// base64 text, four characters for three bytes), less <see cref="Reserve"/>.
    /// </summary>
    public static int PayloadBytes(int maxStateBytes) => (maxStateBytes - Reserve) / 4 * 3;

    /// <summary>Cuts <paramref name="data"/> into pages of at most <paramref name="payload"/> bytes (at least one page).</summary>
    public static List<byte[]> Split(byte[] data, int payload)
    {
        if (data.Length <= payload)
        {
            return [data];
        }
        var pages = new List<byte[]>((data.Length + payload - 1) / payload);
        for (var at = 0; at < data.Length; at += payload)
        {
            pages.Add(data.AsSpan(at, Math.Min(payload, data.Length - at)).ToArray());
        }
        return pages;
    }

    /// <summary>Joins pages cut by <see cref="Split"/>.</summary>
    public static byte[] Join(IReadOnlyList<byte[]> pages)
    {
        if (pages.Count == 1)
        {
            return pages[0];
        }
        var data = new byte[pages.Sum(p => p.Length)];
        var at = 0;
        foreach (var page in pages)
        {
            page.CopyTo(data, at);
            at += page.Length;
        }
        return data;
    }
}
