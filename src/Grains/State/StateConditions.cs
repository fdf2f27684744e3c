using System.Text.Json;
using JobRuntime.GrainInterfaces.State;

namespace JobRuntime.Grains.State;

/// <summary>How a <see cref="StateCondition"/> is evaluated against a value or an update.</summary>
internal static class StateConditions
{
    /// <summary>True for the conditions on a key's value (checked against the current state first).</summary>
    public static bool IsValueCondition(StateCondition condition) =>
        condition.Kind is not (StateConditionKind.Change or StateConditionKind.Raw);

    /// <summary>Whether a key's value (null: absent) satisfies a value condition.</summary>
    public static bool HoldsFor(StateCondition condition, JsonElement? value) => condition.Kind switch
    {
        StateConditionKind.Equal => value is { } v && condition.Value is { } expected && JsonElement.DeepEquals(v, expected),
        StateConditionKind.NotEqual => value is { } v && !(condition.Value is { } expected && JsonElement.DeepEquals(v, expected)),
        StateConditionKind.None => value is { ValueKind: JsonValueKind.Null },
        StateConditionKind.NotNone => value is { } v && v.ValueKind != JsonValueKind.Null,
        StateConditionKind.Available => value is not null,
        _ => false,
    };

    /// <summary>Whether an update satisfies the condition.</summary>
    public static bool Matches(StateCondition condition, StateUpdate update)
    {
        if (update.Identical && !condition.DuplicateOkay)
        {
            return false;
        }
        return condition.Kind switch
        {
            StateConditionKind.Raw => true,
            StateConditionKind.Change => condition.Keys.Length == 0 || condition.Keys.Contains(update.Key, StringComparer.Ordinal) != condition.Exclude,
            _ => update.Key == condition.Keys[0] && HoldsFor(condition, update.After),
        };
    }

    /// <summary>Checks a condition's shape; the message says what is wrong.</summary>
    public static void Validate(StateCondition condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        if (condition.Keys is null)
        {
            throw new InvalidStateException("A state condition needs a list of keys (empty for Change and Raw on any key).");
        }
        if (IsValueCondition(condition) && condition.Keys.Length != 1)
        {
            throw new InvalidStateException($"A {condition.Kind} condition names exactly one key; it names {condition.Keys.Length}.");
        }
        if (condition.Kind is StateConditionKind.Equal or StateConditionKind.NotEqual && condition.Value is null)
        {
            throw new InvalidStateException($"A {condition.Kind} condition needs a value to compare with.");
        }
        foreach (var key in condition.Keys)
        {
            StateKeys.Validate(key);
        }
    }
}
