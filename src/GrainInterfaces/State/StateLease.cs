namespace JobRuntime.GrainInterfaces.State;

/// <summary>An exclusive lease on a state, taken for an atomic update, with the snapshot it starts from.</summary>
[GenerateSerializer, Immutable, Alias("JobRuntime.StateLease")]
public sealed record StateLease([property: Id(0)] Guid Token, [property: Id(1)] StateSnapshot Snapshot, [property: Id(2)] DateTimeOffset Expires);
