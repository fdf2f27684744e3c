using System.Globalization;

namespace JobRuntime.Storage.Queues;

/// <summary>
/// The receipt of the SQL engines: the message's row id and how many times it was received, so
/// a receipt stops working as soon as someone else receives the message.
/// </summary>
public readonly record struct QueueReceipt(long Id, int DequeueCount)
{
    /// <summary>Parses <c>"id.count"</c>; false for anything else.</summary>
    public static bool TryParse(string? text, out QueueReceipt receipt)
    {
        receipt = default;
        if (text is null)
        {
            return false;
        }
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0
            || !long.TryParse(text.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || !int.TryParse(text.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return false;
        }
        receipt = new QueueReceipt(id, count);
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Id}.{DequeueCount}");
}
