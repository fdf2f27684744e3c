namespace JobRuntime.Streams;

/// <summary>The identity of a stream: a namespace (which implicit subscribers listen to) and a key.</summary>
public readonly record struct StreamId
{
    /// <summary>Creates a stream id.</summary>
    public StreamId(string @namespace, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentNullException.ThrowIfNull(key);
        Namespace = @namespace;
        Key = key;
    }

    /// <summary>A stream id with a Guid key.</summary>
    public static StreamId Create(string @namespace, Guid key) => new(@namespace, GrainId.FormatKey(key));

    /// <summary>A stream id with an integer key.</summary>
    public static StreamId Create(string @namespace, long key) => new(@namespace, GrainId.FormatKey(key));

    /// <summary>A stream id with a string key.</summary>
    public static StreamId Create(string @namespace, string key) => new(@namespace, key);

    /// <summary>The namespace.</summary>
    public string Namespace { get; }

    /// <summary>The key.</summary>
    public string Key { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Namespace}/{Key}";
}
