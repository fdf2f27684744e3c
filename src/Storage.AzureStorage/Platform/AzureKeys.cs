using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;

namespace JobRuntime.AzureStorage.Platform;

/// <summary>
/// Encodes the platform's keys into PartitionKey and RowKey values, which may not hold
/// <c>/ \ # ?</c> or control characters and are compared ordinally. Numbers are zero-padded to a
/// fixed width so that they sort as numbers. Text (collection keys, names, fingerprints) becomes
/// the lowercase hex of its UTF-8 bytes: that keeps the bytewise order the other engines use, and
/// a key's prefix encodes to a prefix of its encoding, so prefix and range scans are RowKey
/// ranges. A key holds at most 512 characters, so text longer than <see cref="MaxTextBytes"/>
/// bytes (<see cref="MaxNameBytes"/> for the names that go into partition keys, two of which may
/// share one) keeps the hex of its first bytes and a hash of the whole: such keys sort by hash
/// among those sharing that much of a prefix, and keep their full text in a property.
/// </summary>
internal static class AzureKeys
{
    /// <summary>How much of a text is hex-encoded in a RowKey: 232 bytes, 464 characters (with a prefix, a hash and a suffix, under 512).</summary>
    public const int MaxTextBytes = 232;

    /// <summary>How much of a name is hex-encoded in a PartitionKey: 112 bytes, so that two fit with a project id.</summary>
    public const int MaxNameBytes = 112;

    /// <summary>The upper bound of a hex prefix range: <c>g</c> sorts after every hex digit.</summary>
    public const string HexEnd = "g";

    /// <summary>A project id, 19 digits.</summary>
    public static string Project(long project)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(project);
        return project.ToString("D19", CultureInfo.InvariantCulture);
    }

    /// <summary>A spider or job number, 10 digits.</summary>
    public static string Number(int number)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(number);
        return number.ToString("D10", CultureInfo.InvariantCulture);
    }

    /// <summary>A record index or sequence, 19 digits.</summary>
    public static string Index(long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return index.ToString("D19", CultureInfo.InvariantCulture);
    }

    /// <summary>The key of a text; <paramref name="truncated"/> when it only starts with the text's hex.</summary>
    public static string Text(string text, out bool truncated) => Encode(text, MaxTextBytes, out truncated);

    /// <summary>The key of a text (see <see cref="Text(string, out bool)"/>).</summary>
    public static string Text(string text) => Encode(text, MaxTextBytes, out _);

    /// <summary>The key of a name in a PartitionKey (or a RowKey holding two), at most <see cref="MaxNameBytes"/> bytes whole.</summary>
    public static string Name(string name) => Encode(name, MaxNameBytes, out _);

    private static string Encode(string text, int max, out bool truncated)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        truncated = bytes.Length > max;
        if (!truncated)
        {
            return Convert.ToHexStringLower(bytes);
        }
        // '-' sorts before every hex digit: the long key comes before longer keys sharing the prefix.
        return Convert.ToHexStringLower(bytes.AsSpan(0, max)) + "-" + Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 8));
    }

    /// <summary>The key of a prefix scan's lower bound (its hex, without the hash of a long one).</summary>
    public static string Prefix(string prefix)
    {
        var bytes = Encoding.UTF8.GetBytes(prefix);
        return Convert.ToHexStringLower(bytes.AsSpan(0, Math.Min(bytes.Length, MaxTextBytes)));
    }

    /// <summary>The text of an encoded key: from <paramref name="property"/> when it was too long to encode whole.</summary>
    public static string Decode(string encoded, TableEntity entity, string property)
    {
        if (entity.GetString(property) is { } full)
        {
            return full;
        }
        return Encoding.UTF8.GetString(Convert.FromHexString(encoded));
    }

    /// <summary>Keeps the whole text in <paramref name="property"/> when its key is truncated.</summary>
    public static void KeepText(TableEntity entity, string property, string text, bool truncated)
    {
        if (truncated)
        {
            entity[property] = text;
        }
    }

    /// <summary>A filter on one partition and a RowKey range [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public static string Range(string partition, string from, string to) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {from} and RowKey lt {to}");

    /// <summary>A filter on the partitions whose key starts with <paramref name="prefix"/> (which must end before <c>.</c> sorts).</summary>
    public static string PartitionPrefix(string prefix) =>
        TableClient.CreateQueryFilter($"PartitionKey ge {prefix} and PartitionKey lt {prefix + "~"}");
}
