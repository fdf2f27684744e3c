using System.Globalization;
using Microsoft.Extensions.Options;

namespace JobRuntime.Silo.Identity;

/// <summary>Checks <c>JobRuntime:Users</c> at start-up; each message names the key and the bad value (never a secret).</summary>
internal sealed class UsersOptionsValidator : IValidateOptions<UsersOptions>
{
    public ValidateOptionsResult Validate(string? name, UsersOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Users.Count; i++)
        {
            var user = options.Users[i];
            var key = string.Create(CultureInfo.InvariantCulture, $"{UsersOptions.Section}:{i}");
            if (!UserNames.IsValid(user.Name))
            {
                errors.Add($"{key}:Name: {UserNames.Describe(user.Name)}");
            }
            else if (!names.Add(user.Name))
            {
                errors.Add($"{key}:Name '{user.Name}' is listed twice.");
            }
            // After hashing, a plain password left over is empty or was given with its hash.
            if (user.Password is { Length: 0 })
            {
                errors.Add($"{key}:Password is empty.");
            }
            else if (user.Password is not null)
            {
                errors.Add($"{key} has both Password and PasswordHash: give one.");
            }
            else if (user.PasswordHash is { } hash && !(hash.StartsWith(SecretHashes.Pbkdf2Prefix, StringComparison.Ordinal) && SecretHashes.IsPasswordHash(hash)))
            {
                errors.Add($"{key}:PasswordHash must be pbkdf2-sha256$iterations$salt$hash (see 'jobrt users hash'); it has {hash.Length} characters.");
            }
            if (user.ApiKeys.Count > 0)
            {
                errors.Add($"{key}:ApiKeys has an empty key.");
            }
            if (user.ApiKeySha256.FirstOrDefault(k => !SecretHashes.IsSha256Hex(k)) is { } bad)
            {
                errors.Add($"{key}:ApiKeySha256 must hold 64 hex digits each; one has {bad.Length} characters.");
            }
            if (user.PasswordHash is null && user.ApiKeySha256.Count == 0)
            {
                errors.Add($"{key} has no Password, PasswordHash, ApiKeys nor ApiKeySha256: it could not sign in.");
            }
            if (user.Projects.Any(p => p <= 0))
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"{key}:Projects must be positive project ids; one is {user.Projects.First(p => p <= 0)}."));
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
