namespace JobRuntime.Sqlite;

/// <summary>The value a state starts as when nothing is stored: a new instance, or default for types without a parameterless constructor.</summary>
internal static class NewState<T>
{
    private static readonly bool s_canConstruct =
        typeof(T).IsValueType || (!typeof(T).IsAbstract && typeof(T).GetConstructor(Type.EmptyTypes) is not null);

    public static T Create() => s_canConstruct ? Activator.CreateInstance<T>() : default!;
}
