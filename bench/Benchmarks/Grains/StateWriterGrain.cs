namespace JobRuntime.Benchmarks.Grains;

/// <summary>A grain whose only method stores its state.</summary>
public interface IStateWriterGrain : IGrainWithIntegerKey
{
    Task Write(int value);
}

public sealed class StateWriterGrain([PersistentState("state")] IPersistentState<WriterState> state) : Grain, IStateWriterGrain
{
    public Task Write(int value)
    {
        state.State.Value = value;
        return state.WriteStateAsync();
    }
}

public sealed class WriterState
{
    public int Value { get; set; }
}
