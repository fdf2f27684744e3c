using System.Collections;

namespace JobRuntime.Runtime;

/// <summary>The logging scope of a grain turn: structured as GrainId, printed as "Grain counter/a".</summary>
internal sealed class GrainLogScope(GrainId grainId) : IReadOnlyList<KeyValuePair<string, object>>
{
    private readonly KeyValuePair<string, object> _entry = new("GrainId", grainId.ToString());

    public KeyValuePair<string, object> this[int index] => index == 0 ? _entry : throw new ArgumentOutOfRangeException(nameof(index));

    public int Count => 1;

    public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
    {
        yield return _entry;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"Grain {_entry.Value}";
}
