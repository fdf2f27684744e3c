using JobRuntime.AzureStorage.Platform;
using Microsoft.Extensions.Options;

namespace JobRuntime.Hosting;

/// <summary>Checks <see cref="AzurePlatformStoreOptions"/> at start-up; each failure names the option and the bad value.</summary>
internal sealed class AzurePlatformStoreOptionsValidator : IValidateOptions<AzurePlatformStoreOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, AzurePlatformStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = options.Validate();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
