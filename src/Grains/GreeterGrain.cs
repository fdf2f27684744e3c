using JobRuntime.GrainInterfaces;
using JobRuntime.Observers;
using JobRuntime.Streams;
using Microsoft.Extensions.Logging;

namespace JobRuntime.Grains;

/// <summary>Greets, counts greetings in the "Default" grain storage, tells watchers and publishes to the "durable" stream provider when the silo has one.</summary>
public sealed class GreeterGrain(
    [PersistentState("greetings")] IPersistentState<GreeterState> state,
    ILogger<GreeterGrain> logger) : Grain, IGreeterGrain
{
    /// <summary>The stream namespace greetings are published in.</summary>
    public const string StreamNamespace = "greetings";

    private readonly ObserverManager<IGreetingWatcher> _watchers = new(TimeSpan.FromMinutes(5), logger);

    /// <inheritdoc/>
    public async Task<Greeting> Greet()
    {
        var name = this.GetPrimaryKeyString();
        if (name.Length is 0 or > 64 || name.Any(char.IsControl))
        {
            throw new ArgumentException($"A greeter's name must be 1 to 64 printable characters; '{name}' is not.");
        }
        state.State.Count++;
        await state.WriteStateAsync();
        var greeting = new Greeting($"Hello, {name}!", state.State.Count);
        _watchers.Notify(w => w.Greeted(greeting));
        if (TryGetDurableStreams() is { } streams)
        {
            await streams.GetStream<Greeting>(StreamId.Create(StreamNamespace, name)).OnNextAsync(greeting);
        }
        return greeting;
    }

    /// <inheritdoc/>
    public Task<int> GetCount() => Task.FromResult(state.State.Count);

    /// <inheritdoc/>
    public Task Watch(IGreetingWatcher watcher)
    {
        _watchers.Subscribe(watcher);
        return Task.CompletedTask;
    }

    private IStreamProvider? TryGetDurableStreams()
    {
        try
        {
            return this.GetStreamProvider("durable");
        }
        catch (KeyNotFoundException)
        {
            return null;
        }
    }
}

/// <summary>The greeter's stored state.</summary>
public sealed class GreeterState
{
    /// <summary>Greetings given so far.</summary>
    public int Count { get; set; }
}
