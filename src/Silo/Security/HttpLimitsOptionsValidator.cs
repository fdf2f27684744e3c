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
        if (options.MaxRequestLineBytes is < 1_024 or > 64 << 20)
        {
            failures.Add($"{Key}:MaxRequestLineBytes must be 1024 to 64 MiB; it is {options.MaxRequestLineBytes}.");
        }
        if (options.MaxRequestHeadersBytes is < 4_096 or > 64 << 20)
        {
            failures.Add($"{Key}:MaxRequestHeadersBytes must be 4096 to 64 MiB; it is {options.MaxRequestHeadersBytes}.");
        }
        if (options.RequestHeadersTimeoutSeconds is not (>= 1 and <= 3_600))
        {
            failures.Add($"{Key}:RequestHeadersTimeoutSeconds must be 1 to 3600; it is {options.RequestHeadersTimeoutSeconds}.");
        }
        if (options.MinRequestBodyBytesPerSecond is not (>= 1 and <= 1_000_000_000))
        {
            failures.Add($"{Key}:MinRequestBodyBytesPerSecond must be 1 to 1000000000; it is {options.MinRequestBodyBytesPerSecond}.");
        }
        if (options.MinRequestBodyGraceSeconds is not (>= 1 and <= 3_600))
        {
            failures.Add($"{Key}:MinRequestBodyGraceSeconds must be 1 to 3600; it is {options.MinRequestBodyGraceSeconds}.");
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
