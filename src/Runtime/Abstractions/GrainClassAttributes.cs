namespace JobRuntime;

/// <summary>Gives a grain class its grain type name (default: the class name, lower-cased, without a "Grain" suffix).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class GrainTypeAttribute(string name) : Attribute
{
    /// <summary>The grain type name.</summary>
    public string Name { get; } = name;
}

/// <summary>Overrides the idle age after which activations of a grain class are collected.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class CollectionAgeLimitAttribute : Attribute
{
    /// <summary>Minutes of idleness before collection.</summary>
    public double Minutes { get; set; }

    /// <summary>Seconds of idleness before collection (added to <see cref="Minutes"/>).</summary>
    public double Seconds { get; set; }

    /// <summary>The age limit.</summary>
    public TimeSpan Age => TimeSpan.FromMinutes(Minutes) + TimeSpan.FromSeconds(Seconds);
}

/// <summary>
/// Marks a grain constructor parameter of type <see cref="IPersistentState{T}"/>: the runtime
/// supplies state named <paramref name="stateName"/> kept in the grain storage named
/// <paramref name="storageName"/> (default: the storage named "Default"), read before
/// <c>OnActivateAsync</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName, string? storageName = null) : Attribute
{
    /// <summary>The state's name, unique within the grain.</summary>
    public string StateName { get; } = stateName;

    /// <summary>The grain storage provider's name, or null for the default one.</summary>
    public string? StorageName { get; } = storageName;
}
