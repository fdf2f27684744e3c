using JobRuntime.GrainInterfaces;
using Microsoft.Extensions.Logging;
using Orleans.Streams;
using Orleans.Utilities;

namespace JobRuntime.Grains;

/// <summary>Greets, counts greetings in the default grain storage, tells watchers and publishes to the "jobs" stream provider when the silo has one.</summary>
internal sealed class GreeterGrain(
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
        _watchers.Subscribe(watcher, watcher);
        return Task.CompletedTask;
    }

    private IStreamProvider? TryGetDurableStreams()
    {
        try
        {
            return this.GetStreamProvider(JobStreams.Provider);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }
}

/// <summary>The greeter's stored state.</summary>
[GenerateSerializer, Alias("JobRuntime.GreeterState")]
internal sealed class GreeterState
{
    /// <summary>Greetings given so far.</summary>
    [Id(0)] public int Count { get; set; }
}
