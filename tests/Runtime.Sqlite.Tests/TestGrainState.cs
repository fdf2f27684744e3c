using JobRuntime.Storage;

namespace JobRuntime.Sqlite.Tests;

public sealed class TestGrainState<T> : IGrainState<T>
{
    public T State { get; set; } = default!;

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }
}

public sealed class Counter
{
    public int Count { get; set; }

    public List<string> Tags { get; set; } = [];
}
