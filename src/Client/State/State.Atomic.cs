using System.Text.Json;
using System.Text.Json.Nodes;
using JobRuntime.GrainInterfaces.State;

namespace JobRuntime.Client.States;

public sealed partial class State
{
    /// <summary>The lease an atomic update takes unless told otherwise.</summary>
    public static readonly TimeSpan DefaultLease = TimeSpan.FromSeconds(30);

    /// <summary>
    /// An atomic update (zproc's <c>@atomic</c>): <paramref name="update"/> runs over a mutable copy
    /// of the state while every other writer waits; its changes are written when it returns. If it
    /// throws, nothing is written. If this process dies meanwhile, others wait no longer than
    /// <paramref name="lease"/> (default <see cref="DefaultLease"/>).
    /// </summary>
    /// <exception cref="StateLeaseExpiredException">The update took longer than its lease; nothing was written.</exception>
    public Task<T> AtomicAsync<T>(Func<IDictionary<string, JsonNode?>, T> update, TimeSpan? lease = null) =>
        AtomicAsync((values, _) => Task.FromResult(update(values)), lease);

    /// <summary>An atomic update with an asynchronous function, given a token cancelled when its lease expires (see the other overload).</summary>
    public async Task<T> AtomicAsync<T>(Func<IDictionary<string, JsonNode?>, CancellationToken, Task<T>> update, TimeSpan? lease = null)
    {
        ArgumentNullException.ThrowIfNull(update);
        var held = await Grain.Acquire(lease ?? DefaultLease);
        using var expiry = new CancellationTokenSource(lease ?? DefaultLease);
        T result;
        Dictionary<string, JsonNode?> values;
        try
        {
            values = held.Snapshot.Values.ToDictionary(v => v.Key, v => StateJson.ToNode(v.Value), StringComparer.Ordinal);
            result = await update(values, expiry.Token);
        }
        catch
        {
            await Grain.Release(held.Token);
            throw;
        }
        await Grain.Commit(held.Token, Diff(held.Snapshot, values));
        return result;
    }

    private static StateChange[] Diff(StateSnapshot before, Dictionary<string, JsonNode?> after)
    {
        var changes = new List<StateChange>();
        foreach (var key in before.Values.Keys)
        {
            if (!after.ContainsKey(key))
            {
                changes.Add(StateChange.Delete(key));
            }
        }
        foreach (var (key, node) in after)
        {
            var value = StateJson.ToElement(node);
            if (!before.Values.TryGetValue(key, out var old) || !JsonElement.DeepEquals(old, value))
            {
                changes.Add(StateChange.Set(key, value));
            }
        }
        return [.. changes];
    }
}
