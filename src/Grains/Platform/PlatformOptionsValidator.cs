using Microsoft.Extensions.Options;

namespace JobRuntime.Grains.Platform;

/// <summary>Validates <see cref="PlatformOptions"/> at start-up; each failure names the option and its value.</summary>
internal sealed class PlatformOptionsValidator : IValidateOptions<PlatformOptions>
{
    public ValidateOptionsResult Validate(string? name, PlatformOptions options)
    {
        var failures = new List<string>();
        if (options.ProjectUnits < 1)
        {
            failures.Add($"{PlatformOptions.Section}:ProjectUnits must be at least 1; it is {options.ProjectUnits}.");
        }
        if (options.StorageUrl is { } url && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !uri.IsLoopback))
        {
            failures.Add($"{PlatformOptions.Section}:StorageUrl must be an absolute loopback URL; it is '{url}'.");
        }
        if (string.IsNullOrWhiteSpace(options.NodePath))
        {
            failures.Add($"{PlatformOptions.Section}:NodePath must not be empty.");
        }
        if (options.StopGracePeriod < TimeSpan.Zero)
        {
            failures.Add($"{PlatformOptions.Section}:StopGracePeriod must not be negative; it is {options.StopGracePeriod}.");
        }
        if (options.StopCheckPeriod <= TimeSpan.Zero)
        {
            failures.Add($"{PlatformOptions.Section}:StopCheckPeriod must be positive; it is {options.StopCheckPeriod}.");
        }
        if (options.RunWatchPeriod <= TimeSpan.Zero)
        {
            failures.Add($"{PlatformOptions.Section}:RunWatchPeriod must be positive; it is {options.RunWatchPeriod}.");
        }
        if (options.Limits is null || options.Limits.MaxJobDataBytes < 1)
        {
            failures.Add($"{PlatformOptions.Section}:Limits:MaxJobDataBytes must be at least 1; it is {options.Limits?.MaxJobDataBytes}.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
