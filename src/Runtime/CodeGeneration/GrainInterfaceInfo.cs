namespace JobRuntime.CodeGeneration;

/// <summary>What generated code tells the runtime about one grain or observer interface.</summary>
public sealed class GrainInterfaceInfo
{
    /// <summary>Generated code calls this once per interface.</summary>
    public GrainInterfaceInfo(
        Type interfaceType,
        GrainKeyKind keyKind,
        Func<IGrainCallInvoker, GrainId, GrainReference> createProxy,
        GrainMethod[] methods,
        Func<GrainRequest>[] createRequest)
    {
        InterfaceType = interfaceType;
        KeyKind = keyKind;
        CreateProxy = createProxy;
        Methods = methods;
        CreateRequest = createRequest;
    }

    /// <summary>The interface.</summary>
    public Type InterfaceType { get; }

    /// <summary>The key kind, or <see cref="GrainKeyKind.Observer"/>.</summary>
    public GrainKeyKind KeyKind { get; }

    /// <summary>Makes a proxy for a grain id.</summary>
    public Func<IGrainCallInvoker, GrainId, GrainReference> CreateProxy { get; }

    /// <summary>The methods, by index.</summary>
    public GrainMethod[] Methods { get; }

    /// <summary>Makes an empty request of the method with the same index (to read one from the wire).</summary>
    public Func<GrainRequest>[] CreateRequest { get; }

    /// <summary>The interface's wire name: its full type name.</summary>
    public string Name => InterfaceType.FullName!;
}

/// <summary>What generated code tells the runtime about one grain class.</summary>
public sealed class GrainClassInfo(Type grainClass, Type[] interfaces)
{
    /// <summary>The grain class.</summary>
    public Type GrainClass { get; } = grainClass;

    /// <summary>The grain interfaces it implements.</summary>
    public Type[] Interfaces { get; } = interfaces;
}
