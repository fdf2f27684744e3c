using JobRuntime.GrainInterfaces;

namespace JobRuntime.Grains;

/// <summary>Greets and counts greetings in the "Default" grain storage.</summary>
public sealed class GreeterGrain([PersistentState("greetings")] IPersistentState<GreeterState> state) : Grain, IGreeterGrain
{
    /// <inheritdoc/>
    public async Task<Greeting> Greet()
    {
        state.State.Count++;
        await state.WriteStateAsync();
        return new Greeting($"Hello, {this.GetPrimaryKeyString()}!", state.State.Count);
    }

    /// <inheritdoc/>
    public Task<int> GetCount() => Task.FromResult(state.State.Count);
}

/// <summary>The greeter's stored state.</summary>
public sealed class GreeterState
{
    /// <summary>Greetings given so far.</summary>
    public int Count { get; set; }
}
