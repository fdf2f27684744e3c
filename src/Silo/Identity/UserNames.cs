using System.Text.RegularExpressions;

namespace JobRuntime.Silo.Identity;

/// <summary>
/// The rule for user names: 1 to 64 letters, digits, <c>.</c>, <c>_</c>, <c>-</c> and <c>@</c>,
/// starting with a letter or digit. No <c>:</c> (Basic credentials, state keys) and no <c>/</c>
/// (a platform job's key signs in as a user name).
/// </summary>
internal static partial class UserNames
{
    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    public static string Describe(string? name) =>
        $"A user name is 1 to 64 letters, digits, '.', '_', '-' or '@', starting with a letter or digit; '{name}' is not.";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")]
    private static partial Regex Pattern();
}
