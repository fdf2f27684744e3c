namespace JobRuntime.Grains.State;

/// <summary>
/// What a state grain keeps in grain storage. Values are JSON text and the record holds only
/// strings and numbers, so any grain storage serializer (binary or JSON) stores it faithfully.
/// </summary>
[GenerateSerializer, Alias("JobRuntime.StateRecord")]
public sealed class StateRecord
{
    /// <summary>The values as JSON text, by key.</summary>
    [Id(0)] public Dictionary<string, string> Values { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The version of the last change.</summary>
    [Id(1)] public long Version { get; set; }

    /// <summary>The latest updates, oldest first.</summary>
    [Id(2)] public List<StoredUpdate> History { get; set; } = [];
}

/// <summary>An update as stored in <see cref="StateRecord.History"/>.</summary>
[GenerateSerializer, Alias("JobRuntime.StoredUpdate")]
public sealed class StoredUpdate
{
    /// <summary>The version the update gave the state.</summary>
    [Id(0)] public long Version { get; set; }

    /// <summary>The key.</summary>
    [Id(1)] public string Key { get; set; } = "";

    /// <summary>JSON before; null when absent.</summary>
    [Id(2)] public string? Before { get; set; }

    /// <summary>JSON after; null when absent.</summary>
    [Id(3)] public string? After { get; set; }

    /// <summary>When it was made.</summary>
    [Id(4)] public DateTimeOffset Time { get; set; }
}
