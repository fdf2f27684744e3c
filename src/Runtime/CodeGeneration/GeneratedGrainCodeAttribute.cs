namespace JobRuntime.CodeGeneration;

/// <summary>
/// Put on an assembly by the source generator: names the type that registers the assembly's
/// grain interfaces (proxies, requests) and grain classes.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class GeneratedGrainCodeAttribute(Type registryType) : Attribute
{
    /// <summary>A type implementing <see cref="IGrainCodeRegistry"/> with a parameterless constructor.</summary>
    public Type RegistryType { get; } = registryType;
}

/// <summary>Implemented by generated code: registers one assembly's grain code.</summary>
public interface IGrainCodeRegistry
{
    /// <summary>The assembly's grain and observer interfaces.</summary>
    IEnumerable<GrainInterfaceInfo> GetInterfaces();

    /// <summary>The assembly's grain classes.</summary>
    IEnumerable<GrainClassInfo> GetGrainClasses();
}
