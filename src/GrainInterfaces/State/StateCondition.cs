using System.Text.Json;

namespace JobRuntime.GrainInterfaces.State;

/// <summary>What a waiter waits for. A condition on a key is false while the key is absent.</summary>
[GenerateSerializer, Alias("JobRuntime.StateConditionKind")]
public enum StateConditionKind
{
    /// <summary>An update of one of <see cref="StateCondition.Keys"/> (any key when empty; every other key with <see cref="StateCondition.Exclude"/>).</summary>
    Change,
    /// <summary>The key's value equals <see cref="StateCondition.Value"/>.</summary>
    Equal,
    /// <summary>The key is present and its value differs from <see cref="StateCondition.Value"/>.</summary>
    NotEqual,
    /// <summary>The key is present and its value is JSON null.</summary>
    None,
    /// <summary>The key is present and its value is not JSON null.</summary>
    NotNone,
    /// <summary>The key is present.</summary>
    Available,
    /// <summary>Any update (the raw update: before, after, identical).</summary>
    Raw,
}

/// <summary>
/// A condition evaluated by the state grain. Value conditions (Equal ... Available) are checked
/// against the current state first, then against each update; Change and Raw match updates only.
/// Updates that change nothing are skipped unless <see cref="DuplicateOkay"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("JobRuntime.StateCondition")]
public sealed record StateCondition(
    [property: Id(0)] StateConditionKind Kind,
    [property: Id(1)] string[] Keys,
    [property: Id(2)] bool Exclude = false,
    [property: Id(3)] JsonElement? Value = null,
    [property: Id(4)] bool DuplicateOkay = false);

/// <summary>What satisfied a wait: the update (none when the current state already held) and the state after it.</summary>
[GenerateSerializer, Immutable, Alias("JobRuntime.StateMatch")]
public sealed record StateMatch([property: Id(0)] StateSnapshot Snapshot, [property: Id(1)] StateUpdate? Update);

/// <summary>
/// The answer to <see cref="IStateGrain.Wait"/>: the match when there already is one, the version
/// the waiter watches from, and how long the grain holds the waiter unless it is renewed (zero when
/// the grain did not say: the client keeps its own renewal interval).
/// </summary>
[GenerateSerializer, Immutable, Alias("JobRuntime.StateWaitAck")]
public sealed record StateWaitAck([property: Id(0)] StateMatch? Match, [property: Id(1)] long After, [property: Id(2)] TimeSpan Expiry = default);
