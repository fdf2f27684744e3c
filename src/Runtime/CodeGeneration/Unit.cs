namespace JobRuntime.CodeGeneration;

/// <summary>The result of a grain method that returns no value.</summary>
public readonly struct Unit
{
    /// <summary>The only value.</summary>
    public static readonly Unit Value;
}
