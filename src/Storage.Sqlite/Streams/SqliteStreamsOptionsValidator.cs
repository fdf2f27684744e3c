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
            failures.Add($"{nameof(SqliteStreamsOptions.QueueCount)} must be at least 1 (stream provider '{name}'), was {options.QueueCount}.");
        }
        if (options.PollPeriod <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(SqliteStreamsOptions.PollPeriod)} must be positive (stream provider '{name}'), was {options.PollPeriod}.");
        }
        if (options.StartupLookback < TimeSpan.Zero)
        {
            failures.Add($"{nameof(SqliteStreamsOptions.StartupLookback)} must not be negative (stream provider '{name}'), was {options.StartupLookback}.");
        }
        if (options.BatchSize < 1)
        {
            failures.Add($"{nameof(SqliteStreamsOptions.BatchSize)} must be at least 1 (stream provider '{name}'), was {options.BatchSize}.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
