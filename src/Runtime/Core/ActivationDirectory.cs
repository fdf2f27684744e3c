using System.Collections.Concurrent;

namespace JobRuntime.Runtime;

/// <summary>The activations of this silo, one per grain id.</summary>
internal sealed class ActivationDirectory
{
    private readonly ConcurrentDictionary<GrainId, ActivationData> _activations = new();

    public int Count => _activations.Count;

    public IEnumerable<ActivationData> All => _activations.Values;

    public bool TryGet(GrainId grainId, out ActivationData activation) => _activations.TryGetValue(grainId, out activation!);

    /// <summary>Adds <paramref name="activation"/> unless the grain already has one; returns the winner.</summary>
    public ActivationData GetOrAdd(ActivationData activation) => _activations.GetOrAdd(activation.GrainId, activation);

    /// <summary>Removes the entry only if it is still this activation.</summary>
    public void Remove(ActivationData activation) =>
        _activations.TryRemove(new KeyValuePair<GrainId, ActivationData>(activation.GrainId, activation));
}
