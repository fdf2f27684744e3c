using JobRuntime.GrainInterfaces;

namespace JobRuntime.Grains.Jobs;

/// <summary>What a job's queue stores about it (as JSON): its program, kind and options.</summary>
internal sealed record JobDefinition(string Program, ProgramKind Kind, JobOptions Options);
