using JobRuntime.GrainInterfaces;

namespace JobRuntime.Grains.Jobs;

/// <summary>The checks a job's definition passes before the job is created.</summary>
internal static class JobSpecValidation
{
    /// <exception cref="InvalidJobException">A field is missing or an option is out of range (the message says which).</exception>
    public static void Validate(JobSpec spec)
    {
        if (string.IsNullOrWhiteSpace(spec.Program))
        {
            throw new InvalidJobException("The job has no program.");
        }
        if (string.IsNullOrWhiteSpace(spec.Owner))
        {
            throw new InvalidJobException("The job has no owner.");
        }
        var options = spec.Options;
        if (!double.IsFinite(options.Bid) || options.Bid <= 0)
        {
            throw new InvalidJobException($"bid must be a positive number; it is {options.Bid}.");
        }
        if (!double.IsFinite(options.TaskTimeoutSeconds) || options.TaskTimeoutSeconds <= 0 || options.TaskTimeoutSeconds > 86_400)
        {
            throw new InvalidJobException($"The task time limit must be between 0 and 86400 seconds; it is {options.TaskTimeoutSeconds}.");
        }
        if (options.MemoryLimitMb is < 16 or > 65_536)
        {
            throw new InvalidJobException($"The memory limit must be 16 to 65536 MB; it is {options.MemoryLimitMb}.");
        }
        if (options.OutputLimitBytes is < 16 or > 64 << 20)
        {
            throw new InvalidJobException($"The output limit must be 16 bytes to 64 MiB; it is {options.OutputLimitBytes}.");
        }
    }
}
