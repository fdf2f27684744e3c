using System.Collections.Concurrent;
using System.Reflection;
using JobRuntime.CodeGeneration;
using JobRuntime.Concurrency;

namespace JobRuntime.Serialization;

/// <summary>Decides which types are passed between caller and grain without copying.</summary>
internal static class ImmutableTypes
{
    private static readonly ConcurrentDictionary<Type, bool> Cache = new();

    public static bool IsImmutable(Type type) => Cache.GetOrAdd(type, Compute);

    private static bool Compute(Type type)
    {
        if (type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal)
            || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(TimeSpan)
            || type == typeof(Guid) || type == typeof(DateOnly) || type == typeof(TimeOnly)
            || type == typeof(Uri) || type == typeof(CancellationToken) || type == typeof(GrainId)
            || type == typeof(Unit) || type == typeof(Version))
        {
            return true;
        }
        // References (proxies and the interfaces they are declared as) are immutable handles.
        if (typeof(IAddressable).IsAssignableFrom(type) && (type.IsInterface || typeof(GrainReference).IsAssignableFrom(type)))
        {
            return true;
        }
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return IsImmutable(underlying);
        }
        return type.GetCustomAttribute<ImmutableAttribute>() is not null;
    }
}

/// <summary>Caches <see cref="ImmutableTypes.IsImmutable"/> per static type so the JIT can fold it.</summary>
internal static class ImmutableType<T>
{
    public static readonly bool Value = ImmutableTypes.IsImmutable(typeof(T));
}
