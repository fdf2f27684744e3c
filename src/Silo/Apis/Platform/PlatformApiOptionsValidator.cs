using System.Globalization;
using JobRuntime.Silo.Identity;
using Microsoft.Extensions.Options;

namespace JobRuntime.Silo.Apis.Platform;

/// <summary>Checks the deprecated <c>JobRuntime:Platform:Users</c> at start-up; each message names the key (never a secret).</summary>
internal sealed class PlatformApiOptionsValidator : IValidateOptions<PlatformApiOptions>
{
    public ValidateOptionsResult Validate(string? name, PlatformApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        for (var i = 0; i < options.Users.Count; i++)
        {
            var user = options.Users[i];
            var key = string.Create(CultureInfo.InvariantCulture, $"{PlatformApiOptions.Section}:Users:{i}");
            if (string.IsNullOrWhiteSpace(user.Name) || user.Name.Contains(':', StringComparison.Ordinal) || user.Name.Contains('/', StringComparison.Ordinal))
            {
                errors.Add($"{key}:Name must be a non-empty name without ':' or '/'; it is '{user.Name}'.");
            }
            if (user.ApiKey is not null)
            {
                errors.Add(user.ApiKey.Length == 0 ? $"{key}:ApiKey is empty." : $"{key} has both ApiKey and ApiKeySha256: give one.");
            }
            else if (!SecretHashes.IsSha256Hex(user.ApiKeySha256))
            {
                errors.Add($"{key} needs ApiKey, or ApiKeySha256 as 64 hex digits.");
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
