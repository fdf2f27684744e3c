namespace JobRuntime;

/// <summary>The kind of key a grain interface is addressed by.</summary>
public enum GrainKeyKind
{
    /// <summary>A string key (<see cref="IGrainWithStringKey"/>).</summary>
    String,
    /// <summary>A <see cref="Guid"/> key (<see cref="IGrainWithGuidKey"/>).</summary>
    Guid,
    /// <summary>A 64-bit integer key (<see cref="IGrainWithIntegerKey"/>).</summary>
    Integer,
    /// <summary>An observer created by <see cref="IGrainFactory.CreateObjectReference{T}"/>.</summary>
    Observer,
}
