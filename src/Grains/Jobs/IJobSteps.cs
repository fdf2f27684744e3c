namespace JobRuntime.Grains.Jobs;

/// <summary>The job grain's side that its chunks report to (key: the job id).</summary>
[Alias("JobRuntime.IJobSteps")]
public interface IJobSteps : IGrainWithStringKey
{
    /// <summary>
    /// Records a chunk's step: gives its outcomes their positions, counts them and publishes them.
    /// Steps are taken in order; a repeated one is ignored. Returns the last step of that chunk
    /// recorded, so a chunk that skipped one reports again from there.
    /// </summary>
    /// <exception cref="GrainInterfaces.JobNotFoundException">The job was deleted.</exception>
    [Alias("RecordStep")]
    Task<int> RecordStep(ChunkStep step);
}
