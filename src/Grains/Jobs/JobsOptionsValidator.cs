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
        if (options.LeaseDuration < TimeSpan.FromMilliseconds(100))
        {
            failures.Add(Invariant($"JobRuntime:Jobs:LeaseDuration must be at least 100 ms; it is {options.LeaseDuration}."));
        }
        if (options.PollInterval <= TimeSpan.Zero)
        {
            failures.Add(Invariant($"JobRuntime:Jobs:PollInterval must be positive; it is {options.PollInterval}."));
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
