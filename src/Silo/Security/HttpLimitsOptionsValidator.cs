using Microsoft.Extensions.Options;

namespace JobRuntime.Silo.Security;

/// <summary>Checks <see cref="HttpLimitsOptions"/> at start-up; a message names the key and its value.</summary>
internal sealed class HttpLimitsOptionsValidator : IValidateOptions<HttpLimitsOptions>
{
    private const string Key = HttpLimitsOptions.Section;

    public ValidateOptionsResult Validate(string? name, HttpLimitsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.MaxRequestBodyBytes < 1)
        {
            failures.Add($"{Key}:MaxRequestBodyBytes must be positive; it is {options.MaxRequestBodyBytes}.");
        }
        if (options.MaxUploadBodyBytes is < 1)
        {
            failures.Add($"{Key}:MaxUploadBodyBytes must be positive or absent (no limit); it is {options.MaxUploadBodyBytes}.");
        }
        if (options.MaxRequestLineBytes < 1_024)
        {
            failures.Add($"{Key}:MaxRequestLineBytes must be at least 1024; it is {options.MaxRequestLineBytes}.");
        }
        if (options.MaxRequestHeadersBytes < 4_096)
        {
            failures.Add($"{Key}:MaxRequestHeadersBytes must be at least 4096; it is {options.MaxRequestHeadersBytes}.");
        }
        if (options.RequestsPerSecond < 1)
        {
            failures.Add($"{Key}:RequestsPerSecond must be positive; it is {options.RequestsPerSecond}.");
        }
        if (options.RequestBurst < 1)
        {
            failures.Add($"{Key}:RequestBurst must be positive; it is {options.RequestBurst}.");
        }
        if (options.MaxStreamsPerUser < 1)
        {
            failures.Add($"{Key}:MaxStreamsPerUser must be positive; it is {options.MaxStreamsPerUser}.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
