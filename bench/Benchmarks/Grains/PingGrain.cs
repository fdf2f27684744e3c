namespace JobRuntime.Benchmarks.Grains;

/// <summary>A grain with a no-op method: what a call costs when the grain does nothing.</summary>
public interface IPingGrain : IGrainWithIntegerKey
{
    Task Ping();
}

public sealed class PingGrain : Grain, IPingGrain
{
    public Task Ping() => Task.CompletedTask;
}

/// <summary>The baseline's target: the same method on a plain object, called through the interface.</summary>
public sealed class PlainPing : IPingGrain
{
    public Task Ping() => Task.CompletedTask;
}
