using System.Globalization;
using Microsoft.Extensions.Options;

namespace JobRuntime.Grains.Jobs;

/// <summary>Checks <see cref="JobsOptions"/> at start-up; each failure names the configuration key and the bad value.</summary>
internal sealed class JobsOptionsValidator : IValidateOptions<JobsOptions>
{
    public ValidateOptionsResult Validate(string? name, JobsOptions options)
    {
        var failures = new List<string>();
        if (options.Concurrency is < 1 or > 1_024)
        {
            failures.Add(Invariant($"JobRuntime:Jobs:Concurrency must be 1 to 1024; it is {options.Concurrency}."));
        }
        if (options.BatchSize is < 1 or > 100_000)
        {
            failures.Add(Invariant($"JobRuntime:Jobs:BatchSize must be 1 to 100000; it is {options.BatchSize}."));
        }
        if (options.ChunkMaxTasks is < 1 or > 100_000)
        {
            failures.Add(Invariant($"JobRuntime:Jobs:ChunkMaxTasks must be 1 to 100000; it is {options.ChunkMaxTasks}."));
        }
        if (options.ChunkMaxBytes is < 1_024 or > 64 << 20)
        {
            failures.Add(Invariant($"JobRuntime:Jobs:ChunkMaxBytes must be 1 KiB to 64 MiB; it is {options.ChunkMaxBytes}."));
        }
        if (options.ResumeInterval < TimeSpan.FromMilliseconds(100))
        {
            failures.Add(Invariant($"JobRuntime:Jobs:ResumeInterval must be at least 100 ms; it is {options.ResumeInterval}."));
        }
        if (options.MaxStateBytes is < 256 << 10 or > 64 << 20)
        {
            failures.Add(Invariant($"JobRuntime:Jobs:MaxStateBytes must be 256 KiB to 64 MiB; it is {options.MaxStateBytes}."));
        }
        else if ((long)options.ChunkMaxTasks * ChunkProgress.MaxBytesPerTask + StatePages.Reserve > StatePages.PayloadBytes(options.MaxStateBytes))
        {
            failures.Add(Invariant($"JobRuntime:Jobs:ChunkMaxTasks ({options.ChunkMaxTasks}) is too large for JobRuntime:Jobs:MaxStateBytes ({options.MaxStateBytes}): a chunk's progress takes up to {ChunkProgress.MaxBytesPerTask} bytes a task."));
        }
        if (options.MaxJobBytes < 1_024)
        {
            failures.Add(Invariant($"JobRuntime:Jobs:MaxJobBytes must be at least 1 KiB; it is {options.MaxJobBytes}."));
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
