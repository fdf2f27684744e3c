using System.Reflection;
using JobRuntime.Concurrency;
using JobRuntime.Streams;

namespace JobRuntime.Runtime;

/// <summary>What the runtime knows of a grain class: its grain type, interfaces and scheduling attributes.</summary>
internal sealed class GrainClassMetadata
{
    private GrainActivator? _activator;

    public GrainClassMetadata(Type grainClass, Type[] interfaces)
    {
        GrainClass = grainClass;
        Interfaces = interfaces;
        GrainType = grainClass.GetCustomAttribute<GrainTypeAttribute>()?.Name ?? DefaultGrainType(grainClass);
        IsReentrant = grainClass.GetCustomAttribute<ReentrantAttribute>() is not null;
        var age = grainClass.GetCustomAttribute<CollectionAgeLimitAttribute>();
        CollectionAge = age is null ? null : age.Age;
        ImplicitStreamNamespaces = [.. grainClass.GetCustomAttributes<ImplicitStreamSubscriptionAttribute>().Select(a => a.Namespace)];
        KeyKind = interfaces.Any(typeof(IGrainWithGuidKey).IsAssignableFrom) ? GrainKeyKind.Guid
            : interfaces.Any(typeof(IGrainWithIntegerKey).IsAssignableFrom) ? GrainKeyKind.Integer
            : GrainKeyKind.String;
    }

    public Type GrainClass { get; }

    public Type[] Interfaces { get; }

    public string GrainType { get; }

    public GrainKeyKind KeyKind { get; }

    public bool IsReentrant { get; }

    public TimeSpan? CollectionAge { get; }

    public string[] ImplicitStreamNamespaces { get; }

    public GrainActivator Activator => _activator ??= new GrainActivator(GrainClass);

    /// <summary>"CounterGrain" becomes "counter".</summary>
    public static string DefaultGrainType(Type grainClass)
    {
        var name = grainClass.Name;
        if (name.EndsWith("Grain", StringComparison.Ordinal) && name.Length > "Grain".Length)
        {
            name = name[..^"Grain".Length];
        }
        return name.ToLowerInvariant();
    }
}
