namespace JobRuntime.Streams;

/// <summary>
/// The position of an event in a stream. Subscribing with a token delivers the events after it:
/// pass the token of the last event you handled to resume with no gap and no duplicate.
/// </summary>
public sealed record StreamSequenceToken(long SequenceNumber) : IComparable<StreamSequenceToken>
{
    /// <summary>The position before the stream's first event.</summary>
    public static StreamSequenceToken Beginning { get; } = new(0);

    /// <inheritdoc/>
    public int CompareTo(StreamSequenceToken? other) => other is null ? 1 : SequenceNumber.CompareTo(other.SequenceNumber);

    /// <inheritdoc/>
    public override string ToString() => SequenceNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
