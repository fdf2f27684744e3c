namespace JobRuntime.CodeGeneration;

/// <summary>What the runtime knows of one grain interface method (generated at compile time).</summary>
public sealed class GrainMethod
{
    /// <summary>Generated code calls this once per method.</summary>
    public GrainMethod(Type interfaceType, string name, int index, GrainMethodFlags flags, string[] parameterNames)
    {
        InterfaceType = interfaceType;
        Name = name;
        Index = index;
        Flags = flags;
        ParameterNames = parameterNames;
    }

    /// <summary>The declaring grain or observer interface.</summary>
    public Type InterfaceType { get; }

    /// <summary>The method name.</summary>
    public string Name { get; }

    /// <summary>The method's index in its interface's method table (stable per build).</summary>
    public int Index { get; }

    /// <summary>Scheduling and delivery flags.</summary>
    public GrainMethodFlags Flags { get; }

    /// <summary>Parameter names, for error messages.</summary>
    public string[] ParameterNames { get; }

    /// <summary>True when the caller does not wait for a response.</summary>
    public bool IsOneWay => (Flags & GrainMethodFlags.OneWay) != 0;

    /// <inheritdoc/>
    public override string ToString() => $"{InterfaceType.Name}.{Name}";
}

/// <summary>Flags of a grain method.</summary>
[Flags]
public enum GrainMethodFlags
{
    /// <summary>A plain request/response call.</summary>
    None = 0,
    /// <summary>Fire-and-forget (<c>[OneWay]</c>, or a void method of an observer).</summary>
    OneWay = 1,
    /// <summary>Interleaves with any call (<c>[AlwaysInterleave]</c>).</summary>
    AlwaysInterleave = 2,
    /// <summary>Interleaves with other read-only calls (<c>[ReadOnly]</c>).</summary>
    ReadOnly = 4,
    /// <summary>The method takes a <see cref="CancellationToken"/>.</summary>
    Cancellable = 8,
}
