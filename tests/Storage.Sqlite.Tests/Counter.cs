namespace JobRuntime.Sqlite.Tests;

/// <summary>A grain state for the storage tests, serialized by Orleans' generated code.</summary>
[GenerateSerializer]
public sealed class Counter
{
    [Id(0)]
    public int Count { get; set; }

    [Id(1)]
    public List<string> Tags { get; set; } = [];
}
