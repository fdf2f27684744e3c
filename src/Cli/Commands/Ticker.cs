namespace JobRuntime.Cli.Commands;

/// <summary>Calls an action at an interval on a background task until disposed (progress, flushing).</summary>
internal sealed class Ticker : IAsyncDisposable
{
    private readonly PeriodicTimer _timer;
    private readonly Task _loop;

    private Ticker(TimeSpan interval, Action tick)
    {
        _timer = new PeriodicTimer(interval);
        _loop = Task.Run(async () =>
        {
            while (await _timer.WaitForNextTickAsync())
            {
                tick();
            }
        });
    }

    public static Ticker Start(TimeSpan interval, Action tick) => new(interval, tick);

    public async ValueTask DisposeAsync()
    {
        _timer.Dispose();
        await _loop;
    }
}
