using System.Globalization;
using Microsoft.Extensions.Options;

namespace JobRuntime.Silo.Apis;

/// <summary>Checks <see cref="JobsApiOptions"/> at startup; each message names the option and its bad value (never a secret).</summary>
internal sealed class JobsApiOptionsValidator : IValidateOptions<JobsApiOptions>
{
    public ValidateOptionsResult Validate(string? name, JobsApiOptions options)
    {
        var errors = new List<string>();
        if (options.MaxTaskBytes is < 16 or > 64 << 20)
        {
            errors.Add(Invariant($"{JobsApiOptions.Section}:MaxTaskBytes must be 16 bytes to 64 MiB; it is {options.MaxTaskBytes}."));
        }
        if (options.SubmitBatchSize is < 1 or > 100_000)
        {
            errors.Add(Invariant($"{JobsApiOptions.Section}:SubmitBatchSize must be 1 to 100000; it is {options.SubmitBatchSize}."));
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Users.Count; i++)
        {
            var user = options.Users[i];
            var key = Invariant($"{JobsApiOptions.Section}:Users:{i}");
            if (string.IsNullOrWhiteSpace(user.Name) || user.Name.Contains(':', StringComparison.Ordinal))
            {
                errors.Add($"{key}:Name must be a non-empty name without ':'; it is '{user.Name}'.");
            }
            else if (!names.Add(user.Name))
            {
                errors.Add($"{key}:Name '{user.Name}' is listed twice.");
            }
            if (user.PasswordHash is not null && user.Password is null && user.PasswordSha256 is null)
            {
                if (!Identity.SecretHashes.IsPasswordHash(user.PasswordHash))
                {
                    errors.Add($"{key}:PasswordHash must be pbkdf2-sha256$iterations$salt$hash; it has {user.PasswordHash.Length} characters.");
                }
            }
            else
            {
                CheckSecret(errors, $"{key}", "Password", user.Password, user.PasswordSha256);
            }
        }
        for (var i = 0; i < options.Tokens.Count; i++)
        {
            var token = options.Tokens[i];
            var key = Invariant($"{JobsApiOptions.Section}:Tokens:{i}");
            if (string.IsNullOrWhiteSpace(token.User) || token.User.Contains(':', StringComparison.Ordinal))
            {
                errors.Add($"{key}:User must name the user the token acts for, without ':'; it is '{token.User}'.");
            }
            CheckSecret(errors, key, "Token", token.Token, token.TokenSha256);
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    // After hashing, a plain secret left over is empty or was given with its hash.
    private static void CheckSecret(List<string> errors, string key, string secret, string? plain, string? sha256)
    {
        if (plain is { Length: 0 })
        {
            errors.Add($"{key}:{secret} is empty.");
        }
        else if (plain is not null)
        {
            errors.Add($"{key} has both {secret} and {secret}Sha256: give one.");
        }
        else if (sha256 is null)
        {
            errors.Add($"{key} has neither {secret} nor {secret}Sha256.");
        }
        else if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigit))
        {
            errors.Add($"{key}:{secret}Sha256 must be 64 hex digits; it has {sha256.Length} characters.");
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
