namespace JobRuntime.Streams;

/// <summary>The stored form of stream events, for storage that appends events itself (see <see cref="Storage.IExternallyAppendedStreams"/>).</summary>
public static class StreamEventEncoding
{
    /// <summary>The stored form of an item event whose JSON is <paramref name="json"/>.</summary>
    public static byte[] Item(ReadOnlySpan<byte> json)
    {
        var stored = new byte[json.Length + 1];
        stored[0] = (byte)StreamEventKind.Item;
        json.CopyTo(stored.AsSpan(1));
        return stored;
    }
}
