namespace JobRuntime.Tests.Grains;

/// <summary>A grain with one persistent state, implemented once per grain storage (see the classes below).</summary>
public interface IStateProbeGrain : IGrainWithStringKey
{
    Task<StateSnapshot> Read();

    Task<StateSnapshot> Write(string value);

    Task<StateSnapshot> Clear();

    /// <summary>Calls ReadStateAsync, then returns the state.</summary>
    Task<StateSnapshot> Reload();

    /// <summary>The state value OnActivateAsync found.</summary>
    Task<string?> ValueSeenByOnActivate();

    Task Deactivate();
}

/// <summary>What a grain sees of its persistent state.</summary>
public sealed record StateSnapshot(string? Value, string? Etag, bool RecordExists);

public sealed class ProbeState
{
    public string? Value { get; set; }
}

/// <summary>The grain behaviour shared by both storages; each subclass names its store.</summary>
public abstract class StateProbeGrainBase(IPersistentState<ProbeState> state) : Grain, IStateProbeGrain
{
    private string? _seenByOnActivate;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _seenByOnActivate = state.State.Value;
        return Task.CompletedTask;
    }

    public Task<StateSnapshot> Read() => Task.FromResult(Snapshot());

    public async Task<StateSnapshot> Write(string value)
    {
        state.State.Value = value;
        await state.WriteStateAsync();
        return Snapshot();
    }

    public async Task<StateSnapshot> Clear()
    {
        await state.ClearStateAsync();
        return Snapshot();
    }

    public async Task<StateSnapshot> Reload()
    {
        await state.ReadStateAsync();
        return Snapshot();
    }

    public Task<string?> ValueSeenByOnActivate() => Task.FromResult(_seenByOnActivate);

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private StateSnapshot Snapshot() => new(state.State.Value, state.Etag, state.RecordExists);
}

/// <summary>State "probe" in the "Default" store (SQLite in the test cluster).</summary>
public sealed class SqliteStateProbeGrain([PersistentState("probe")] IPersistentState<ProbeState> state) : StateProbeGrainBase(state);

/// <summary>State "probe" in the "memory" store.</summary>
public sealed class MemoryStateProbeGrain([PersistentState("probe", "memory")] IPersistentState<ProbeState> state) : StateProbeGrainBase(state);

/// <summary>A grain with a state in each store, to show one store failing leaves the other usable.</summary>
public interface IMemoryOnlyStateGrain : IGrainWithStringKey
{
    Task<int> Increment();
}

public sealed class MemoryOnlyStateGrain([PersistentState("count", "memory")] IPersistentState<CountState> state) : Grain, IMemoryOnlyStateGrain
{
    public async Task<int> Increment()
    {
        state.State.Count++;
        await state.WriteStateAsync();
        return state.State.Count;
    }
}

public sealed class CountState
{
    public int Count { get; set; }
}
