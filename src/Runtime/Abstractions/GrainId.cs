using System.Globalization;

namespace JobRuntime;

/// <summary>
/// The identity of a grain: its grain type (the implementing class's type name) and its key,
/// written <c>type/key</c>. Guid keys are kept in the "N" format, integer keys in invariant decimal.
/// </summary>
public readonly struct GrainId : IEquatable<GrainId>
{
    /// <summary>Creates an id from a grain type and a key.</summary>
    public GrainId(string type, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentNullException.ThrowIfNull(key);
        Type = type;
        Key = key;
    }

    /// <summary>The grain type, e.g. <c>counter</c>.</summary>
    public string Type { get; }

    /// <summary>The key as text.</summary>
    public string Key { get; }

    /// <summary>True for the default value, which names no grain.</summary>
    public bool IsDefault => Type is null;

    /// <summary>The key formatted for a Guid-keyed grain.</summary>
    public static string FormatKey(Guid key) => key.ToString("N");

    /// <summary>The key formatted for an integer-keyed grain.</summary>
    public static string FormatKey(long key) => key.ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses <c>type/key</c>.</summary>
    /// <exception cref="FormatException">The text has no <c>/</c> or an empty type.</exception>
    public static GrainId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/');
        if (slash <= 0)
        {
            throw new FormatException($"'{text}' is not a grain id: expected 'type/key'.");
        }
        return new GrainId(text[..slash], text[(slash + 1)..]);
    }

    /// <inheritdoc/>
    public bool Equals(GrainId other) => string.Equals(Type, other.Type, StringComparison.Ordinal) && string.Equals(Key, other.Key, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is GrainId other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Type, Key);

    /// <inheritdoc/>
    public override string ToString() => $"{Type}/{Key}";

    /// <summary>Equality.</summary>
    public static bool operator ==(GrainId left, GrainId right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(GrainId left, GrainId right) => !left.Equals(right);
}
