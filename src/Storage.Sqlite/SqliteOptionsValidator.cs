using Microsoft.Extensions.Options;

namespace JobRuntime.Sqlite;

/// <summary>Checks <see cref="SqliteOptions"/> at startup; each failure names the option and the bad value.</summary>
public sealed class SqliteOptionsValidator : IValidateOptions<SqliteOptions>
{
    /// <summary>The largest <see cref="SqliteOptions.WriteBatchSize"/> accepted.</summary>
    public const int MaxWriteBatchSize = 100_000;

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, SqliteOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataSource))
        {
            failures.Add("JobRuntime:Sqlite:DataSource must name a file; it is empty.");
        }
        else if (options.DataSource.Trim().StartsWith(":memory:", StringComparison.OrdinalIgnoreCase)
            || options.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"JobRuntime:Sqlite:DataSource '{options.DataSource}' is not supported: it must be a file path (the store keeps one writer and several reader connections on the file).");
        }
        if (!Enum.IsDefined(options.Synchronous))
        {
            failures.Add($"JobRuntime:Sqlite:Synchronous '{options.Synchronous}' is not one of Normal, Full.");
        }
        if (options.BusyTimeout < TimeSpan.Zero || options.BusyTimeout.TotalMilliseconds > int.MaxValue)
        {
            failures.Add($"JobRuntime:Sqlite:BusyTimeout {options.BusyTimeout} must be between zero and {TimeSpan.FromMilliseconds(int.MaxValue)}.");
        }
        if (options.WriteBatchSize is < 1 or > MaxWriteBatchSize)
        {
            failures.Add($"JobRuntime:Sqlite:WriteBatchSize {options.WriteBatchSize} must be between 1 and {MaxWriteBatchSize}.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
