using System.Text.Json;
using JobRuntime.GrainInterfaces.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace JobRuntime.Grains.State;

/// <summary>
/// A namespace's state: values in memory, written to grain storage before any caller, waiter or
/// stream subscriber hears of a change. Reentrant so that writers can wait for an atomic update's
/// lease and waiters can be registered while a write is in flight; every mutation happens
/// synchronously within a turn, and writes are coalesced (one storage write carries every change
/// made while the previous one was in flight).
/// </summary>
[Reentrant]
internal sealed partial class StateGrain(
    [PersistentState("state")] IPersistentState<StateRecord> stored,
    IOptions<StateOptions> options,
    TimeProvider time,
    ILogger<StateGrain> logger) : Grain, IStateGrain
{
    private readonly StateOptions _options = options.Value;
    private readonly Dictionary<string, JsonElement> _values = new(StringComparer.Ordinal);
    private readonly List<StateUpdate> _history = [];

    private string Namespace => this.GetPrimaryKeyString();

    /// <summary>Loads the values and the kept updates from the stored record.</summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var (key, json) in stored.State.Values)
        {
            _values[key] = Parse(json)!.Value;
        }
        foreach (var update in stored.State.History)
        {
            var before = Parse(update.Before);
            var after = Parse(update.After);
            _history.Add(new StateUpdate(update.Version, update.Key, before, after, SameValue(before, after), update.Time));
        }
        _version = _persistedVersion = stored.State.Version;
        return Task.CompletedTask;
    }

    public Task<JsonElement?> Get(string key)
    {
        StateKeys.Validate(key);
        return Task.FromResult(_values.TryGetValue(key, out var value) ? value : (JsonElement?)null);
    }

    public Task<StateSnapshot> GetSnapshot() => Task.FromResult(Snapshot());

    public Task<long> GetVersion() => Task.FromResult(_version);

    public async Task<long> Apply(StateChange[] changes)
    {
        Validate(changes);
        await WaitForLeaseAsync(null);
        return await WriteAsync(changes);
    }

    public async Task<JsonElement> SetDefault(string key, JsonElement value)
    {
        Validate([StateChange.Set(key, value)]);
        await WaitForLeaseAsync(null);
        if (_values.TryGetValue(key, out var existing))
        {
            return existing;
        }
        await WriteAsync([StateChange.Set(key, value)]);
        return value;
    }

    public async Task<JsonElement?> Remove(string key)
    {
        StateKeys.Validate(key);
        await WaitForLeaseAsync(null);
        if (!_values.TryGetValue(key, out var existing))
        {
            return null;
        }
        await WriteAsync([StateChange.Delete(key)]);
        return existing;
    }

    public async Task<long> Clear()
    {
        await WaitForLeaseAsync(null);
        return await WriteAsync([.. _values.Keys.Select(StateChange.Delete)]);
    }

    public async Task<long> CompareAndSet(long expectedVersion, StateChange[] changes)
    {
        Validate(changes);
        await WaitForLeaseAsync(null);
        if (_version != expectedVersion)
        {
            throw new StateVersionConflictException($"State '{Namespace}' is at version {_version}, not {expectedVersion}; nothing was changed.");
        }
        return await WriteAsync(changes);
    }

    public Task<StateUpdate[]> ReadUpdates(long after, int max)
    {
        if (max is < 1 or > 10_000)
        {
            throw new InvalidStateException($"A read takes 1 to 10000 updates; {max} were asked for.");
        }
        return Task.FromResult(_history.Where(u => u.Version > after && u.Version <= _persistedVersion).Take(max).ToArray());
    }

    private void Validate(StateChange[] changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var change in changes)
        {
            StateKeys.Validate(change.Key);
            if (change.Value is { } value)
            {
                if (value.ValueKind == JsonValueKind.Undefined)
                {
                    throw new InvalidStateException($"The value of state key '{change.Key}' is undefined; send JSON (null included).");
                }
                var length = value.GetRawText().Length;
                if (length > _options.MaxValueBytes)
                {
                    throw new InvalidStateException($"The value of state key '{change.Key}' is {length} bytes of JSON; the limit is {_options.MaxValueBytes}.");
                }
            }
        }
    }

    private StateSnapshot Snapshot() => new(_version, new Dictionary<string, JsonElement>(_values, StringComparer.Ordinal));

    /// <summary>The state as it was right after <paramref name="version"/>, rebuilt by undoing the kept updates made since.</summary>
    private StateSnapshot SnapshotAt(long version)
    {
        var values = new Dictionary<string, JsonElement>(_values, StringComparer.Ordinal);
        for (var i = _history.Count - 1; i >= 0 && _history[i].Version > version; i--)
        {
            var update = _history[i];
            if (update.Before is { } before)
            {
                values[update.Key] = before;
            }
            else
            {
                values.Remove(update.Key);
            }
        }
        return new StateSnapshot(Math.Min(version, _version), values);
    }

    private static JsonElement? Parse(string? json)
    {
        if (json is null)
        {
            return null;
        }
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static bool SameValue(JsonElement? a, JsonElement? b) =>
        a is null ? b is null : b is not null && JsonElement.DeepEquals(a.Value, b.Value);
}
