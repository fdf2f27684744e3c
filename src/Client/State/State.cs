using System.Text.Json;
using System.Text.Json.Nodes;
using JobRuntime.GrainInterfaces.State;

namespace JobRuntime.Client.States;

/// <summary>
/// A handle on a reactive shared state (after zproc's <c>State</c>): a dictionary of JSON values
/// that lives in the cluster, one per namespace, that any client can read, change and wait on.
/// <code>
/// var state = new State(client, "fruit");
/// state["apples"] = 5;
/// var snapshot = await state.WhenEqualAsync("apples", 10);
/// </code>
/// Every operation runs in the state's grain; its failures arrive as their typed exceptions
/// (<see cref="InvalidStateException"/>, <see cref="StateKeyNotFoundException"/>, ...). A handle
/// is safe to use from several threads.
/// </summary>
public sealed partial class State : IAsyncDisposable
{
    private readonly IClusterClient _client;

    /// <summary>A handle on the state of <paramref name="namespace"/>; buffered waits see the updates made from now on.</summary>
    public State(IClusterClient client, string @namespace)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        _client = client;
        Namespace = @namespace;
        _created = Grain.GetVersion();
    }

    /// <summary>The namespace (states of different namespaces are independent).</summary>
    public string Namespace { get; }

    /// <summary>
    /// How often, at most, a pending wait renews itself with the grain (a silo restart loses no
    /// waiter for longer); it renews more often when the grain's waiter expiry is under three times
    /// this. Default: 20 seconds.
    /// </summary>
    public TimeSpan RenewInterval { get; init; } = TimeSpan.FromSeconds(20);

    internal IStateGrain Grain => _client.GetGrain<IStateGrain>(Namespace);

    /// <summary>
    /// Gets or sets a value synchronously (a blocking grain call): <c>state["apples"] = 5</c>.
    /// Setting null stores JSON null; use <see cref="RemoveAsync"/> to remove a key.
    /// </summary>
    /// <exception cref="StateKeyNotFoundException">Getting a key that is absent.</exception>
    public JsonNode? this[string key]
    {
        get
        {
            var value = GetAsync(key).GetAwaiter().GetResult()
                ?? throw new StateKeyNotFoundException($"State '{Namespace}' has no key '{key}'.");
            return StateJson.ToNode(value);
        }
        set => SetAsync(key, value).GetAwaiter().GetResult();
    }

    /// <summary>The value of a key, or null when it is absent.</summary>
    public Task<JsonElement?> GetAsync(string key) => Grain.Get(key);

    /// <summary>The value of a key as <typeparamref name="T"/>, or <paramref name="fallback"/> when it is absent.</summary>
    public async Task<T?> GetAsync<T>(string key, T? fallback = default) =>
        await Grain.Get(key) is { } value ? StateJson.To<T>(value) : fallback;

    /// <summary>Sets a key to a value (any JSON-serializable value; null stores JSON null). Returns the state's new version.</summary>
    public Task<long> SetAsync(string key, object? value) => Grain.Apply([StateChange.Set(key, StateJson.ToElement(value))]);

    /// <summary>Sets a key unless it is present; returns the key's value after the call.</summary>
    public Task<JsonElement> SetDefaultAsync(string key, object? value) => Grain.SetDefault(key, StateJson.ToElement(value));

    /// <summary>Removes a key; returns whether it was present.</summary>
    public async Task<bool> RemoveAsync(string key) => await Grain.Remove(key) is not null;

    /// <summary>Removes a key and returns its value.</summary>
    /// <exception cref="StateKeyNotFoundException">The key is absent.</exception>
    public async Task<JsonElement> PopAsync(string key) =>
        await Grain.Remove(key) ?? throw new StateKeyNotFoundException($"State '{Namespace}' has no key '{key}'.");

    /// <summary>Whether a key is present.</summary>
    public async Task<bool> ContainsKeyAsync(string key) => await Grain.Get(key) is not null;

    /// <summary>The keys, in no particular order.</summary>
    public async Task<IReadOnlyCollection<string>> GetKeysAsync() => [.. (await Grain.GetSnapshot()).Values.Keys];

    /// <summary>How many keys there are.</summary>
    public async Task<int> CountAsync() => (await Grain.GetSnapshot()).Values.Count;

    /// <summary>Sets many keys in one write (dict.update); returns the new version.</summary>
    public Task<long> UpdateAsync(IEnumerable<KeyValuePair<string, object?>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Grain.Apply([.. values.Select(v => StateChange.Set(v.Key, StateJson.ToElement(v.Value)))]);
    }

    /// <summary>Removes every key; returns the new version.</summary>
    public Task<long> ClearAsync() => Grain.Clear();

    /// <summary>Every key and value, with the version they are at.</summary>
    public Task<StateSnapshot> GetSnapshotAsync() => Grain.GetSnapshot();

    /// <summary>The state's version (it grows by one per changed key).</summary>
    public Task<long> GetVersionAsync() => Grain.GetVersion();

    /// <summary>
    /// Sets the keys only if the state is still at <paramref name="expectedVersion"/> (read it
    /// with <see cref="GetSnapshotAsync"/>); a null value removes the key. Returns the new version.
    /// </summary>
    /// <exception cref="StateVersionConflictException">Someone changed the state since; nothing was written.</exception>
    public Task<long> CompareAndSetAsync(long expectedVersion, IEnumerable<KeyValuePair<string, object?>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Grain.CompareAndSet(expectedVersion, [.. values.Select(v => new StateChange(v.Key, v.Value is null ? null : StateJson.ToElement(v.Value)))]);
    }

    /// <summary>Ends the handle's waits' registration with the cluster client.</summary>
    public ValueTask DisposeAsync()
    {
        lock (_observerLock)
        {
            if (_observerReference is not null)
            {
                _client.DeleteObjectReference<IStateWaiter>(_observerReference);
                _observerReference = null;
            }
        }
        return ValueTask.CompletedTask;
    }
}
