using Microsoft.Extensions.Options;

namespace JobRuntime.Sqlite.Streams;

/// <summary>Checks <see cref="SqliteStreamsOptions"/> when a provider starts; the message names the option and the bad value.</summary>
internal sealed class SqliteStreamsOptionsValidator : IValidateOptions<SqliteStreamsOptions>
{
    public ValidateOptionsResult Validate(string? name, SqliteStreamsOptions options)
    {
        var failures = new List<string>();
        if (options.QueueCount < 1)
        {
            failures.Add($"{SqliteStreamsOptions.SectionFor(name ?? "")}:QueueCount must be at least 1; it is {options.QueueCount}.");
        }
        if (options.PollPeriod <= TimeSpan.Zero)
        {
            failures.Add($"{SqliteStreamsOptions.SectionFor(name ?? "")}:PollPeriod must be positive; it is {options.PollPeriod}.");
        }
        if (options.StartupLookback < TimeSpan.Zero)
        {
            failures.Add($"{SqliteStreamsOptions.SectionFor(name ?? "")}:StartupLookback must not be negative; it is {options.StartupLookback}.");
        }
        if (options.StartupLookbackDelay < TimeSpan.Zero)
        {
            failures.Add($"{SqliteStreamsOptions.SectionFor(name ?? "")}:StartupLookbackDelay must not be negative; it is {options.StartupLookbackDelay}.");
        }
        if (options.BatchSize < 1)
        {
            failures.Add($"{SqliteStreamsOptions.SectionFor(name ?? "")}:BatchSize must be at least 1; it is {options.BatchSize}.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
