namespace JobRuntime.Grains.Jobs;

/// <summary>One page of a grain's paged data (<see cref="StatePages"/>), stored as a grain state of its own.</summary>
[GenerateSerializer, Alias("JobRuntime.StatePage")]
public sealed class StatePage
{
    /// <summary>The page's bytes.</summary>
    [Id(0)] public byte[] Data { get; set; } = [];
}
