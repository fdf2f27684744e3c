namespace JobRuntime.Concurrency;

/// <summary>
/// Marks a grain class whose calls may interleave at <c>await</c> points. Its code still runs
/// one piece at a time on the activation's scheduler, so it needs no locks.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class ReentrantAttribute : Attribute;

/// <summary>Marks an interface method whose calls interleave with any other call.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AlwaysInterleaveAttribute : Attribute;

/// <summary>Marks an interface method that does not change grain state: read-only calls interleave with each other.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ReadOnlyAttribute : Attribute;

/// <summary>
/// Marks an interface method as fire-and-forget: the caller does not wait for the grain and
/// never sees its result or exception. The method must return <c>Task</c>, <c>ValueTask</c> or <c>void</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OneWayAttribute : Attribute;

/// <summary>
/// Marks a type whose instances are never mutated, so calls pass them without copying.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Parameter)]
public sealed class ImmutableAttribute : Attribute;
