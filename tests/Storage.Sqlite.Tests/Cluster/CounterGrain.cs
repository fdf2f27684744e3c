namespace JobRuntime.Sqlite.Tests.Cluster;

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> AddAsync(int amount);

    Task<int> GetAsync();
}

/// <summary>A counter kept in the default grain storage, written on every change.</summary>
public sealed class CounterGrain([PersistentState("counter")] IPersistentState<Counter> state) : Grain, ICounterGrain
{
    public async Task<int> AddAsync(int amount)
    {
        state.State.Count += amount;
        await state.WriteStateAsync();
        return state.State.Count;
    }

    public Task<int> GetAsync() => Task.FromResult(state.State.Count);
}
