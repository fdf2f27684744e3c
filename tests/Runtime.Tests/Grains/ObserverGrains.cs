using JobRuntime.Observers;
using Microsoft.Extensions.Logging;

namespace JobRuntime.Tests.Grains;

/// <summary>Implemented by plain test objects that grains call back.</summary>
public interface IWatchObserver : IGrainObserver
{
    Task<string> Ask(string question);

    /// <summary>One-way: the grain does not wait.</summary>
    void Tell(string message);
}

/// <summary>A grain that holds one observer reference, in a field and in its persistent state.</summary>
public interface IWatchHolderGrain : IGrainWithStringKey
{
    Task Hold(IWatchObserver observer);

    Task<string> AskHeld(string question);

    Task TellHeld(string message);

    Task Deactivate();
}

public sealed class WatchHolderState
{
    public IWatchObserver? Observer { get; set; }
}

public sealed class WatchHolderGrain([PersistentState("held", "memory")] IPersistentState<WatchHolderState> state) : Grain, IWatchHolderGrain
{
    private IWatchObserver Held => state.State.Observer ?? throw new InvalidOperationException("No observer is held.");

    public async Task Hold(IWatchObserver observer)
    {
        state.State.Observer = observer;
        await state.WriteStateAsync();
    }

    public Task<string> AskHeld(string question) => Held.Ask(question);

    public Task TellHeld(string message)
    {
        Held.Tell(message);
        return Task.CompletedTask;
    }

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}

/// <summary>The clock of the hub's ObserverManager; tests move it. Register one per test cluster.</summary>
public sealed class WatchClock : TimeProvider
{
    private long _utcTicks = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _utcTicks, by.Ticks);
}

/// <summary>A grain that keeps subscribers in an ObserverManager with a one-minute expiration.</summary>
public interface IWatchHubGrain : IGrainWithStringKey
{
    Task Subscribe(IWatchObserver observer);

    Task Unsubscribe(IWatchObserver observer);

    Task<int> Count();

    /// <summary>Asks every live subscriber; returns the answers, sorted.</summary>
    Task<string[]> AskAll(string question);

    /// <summary>Tells every live subscriber, one-way.</summary>
    Task TellAll(string message);
}

public sealed class WatchHubGrain(WatchClock clock, ILogger<WatchHubGrain> logger) : Grain, IWatchHubGrain
{
    public static readonly TimeSpan Expiration = TimeSpan.FromMinutes(1);

    private readonly ObserverManager<IWatchObserver> _observers = new(Expiration, logger, clock);

    public Task Subscribe(IWatchObserver observer)
    {
        _observers.Subscribe(observer);
        return Task.CompletedTask;
    }

    public Task Unsubscribe(IWatchObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public Task<int> Count() => Task.FromResult(_observers.Count);

    public async Task<string[]> AskAll(string question)
    {
        var answers = new List<string>();
        await _observers.Notify(async observer => answers.Add(await observer.Ask(question)));
        return [.. answers.Order(StringComparer.Ordinal)];
    }

    public Task TellAll(string message)
    {
        _observers.Notify(observer => observer.Tell(message));
        return Task.CompletedTask;
    }
}
