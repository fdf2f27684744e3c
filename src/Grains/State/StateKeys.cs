using JobRuntime.GrainInterfaces.State;

namespace JobRuntime.Grains.State;

/// <summary>What a state key may be: 1 to 256 characters, none of them a control character.</summary>
internal static class StateKeys
{
    public const int MaxLength = 256;

    public static void Validate(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            throw new InvalidStateException("A state key must not be empty.");
        }
        if (key.Length > MaxLength)
        {
            throw new InvalidStateException($"A state key is at most {MaxLength} characters; '{key[..32]}...' has {key.Length}.");
        }
        if (key.Any(char.IsControl))
        {
            throw new InvalidStateException($"A state key must not contain control characters; '{key.Replace("\n", "\\n", StringComparison.Ordinal)}' does.");
        }
    }
}
