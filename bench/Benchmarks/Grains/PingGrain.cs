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

/// <summary>The baseline's target: the same method on a plain object.</summary>
public sealed class PlainPing : IPingGrain
{
    public Task Ping() => Task.CompletedTask;
}

/// <summary>
/// The baseline: a direct call through the interface, one call at a time like a non-reentrant
/// activation, guarded by a <see cref="SemaphoreSlim"/>.
/// </summary>
public sealed class GuardedPing(IPingGrain target) : IPingGrain
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task Ping()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await target.Ping().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }
}
