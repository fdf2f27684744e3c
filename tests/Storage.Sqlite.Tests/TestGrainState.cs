using System.Diagnostics.CodeAnalysis;

namespace JobRuntime.Sqlite.Tests;

/// <summary>A grain's view of a state record, as Orleans hands it to a storage provider; State reads as non-null in tests.</summary>
public sealed class TestGrainState<T> : IGrainState<T>
{
    [AllowNull]
    public T State { get; set; } = default!;

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }
}
