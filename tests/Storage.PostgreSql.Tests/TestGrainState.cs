using System.Diagnostics.CodeAnalysis;

namespace JobRuntime.PostgreSql.Tests;

/// <summary>A grain's view of a state record, as Orleans hands it to a storage provider.</summary>
public sealed class TestGrainState<T> : IGrainState<T>
{
    [AllowNull]
    public T State { get; set; } = default!;

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }
}

/// <summary>A small state to store.</summary>
[GenerateSerializer, Alias("JobRuntime.PostgreSql.Tests.Counter")]
public sealed class Counter
{
    [Id(0)] public int Count { get; set; }

    [Id(1)] public string Note { get; set; } = "";
}
