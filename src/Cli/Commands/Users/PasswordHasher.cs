using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace JobRuntime.Cli.Commands.Users;

/// <summary>
/// The silo's password hash format, for configuration files: <c>pbkdf2-sha256$iterations$salt$hash</c>
/// (PBKDF2 with HMAC-SHA-256, a 16-byte random salt, a 32-byte hash, both base64). The silo
/// verifies it by the iterations it names.
/// </summary>
internal static class PasswordHasher
{
    /// <summary>PBKDF2 rounds, as the silo's own hashes.</summary>
    public const int Iterations = 210_000;

    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, 32);
        return string.Create(CultureInfo.InvariantCulture, $"pbkdf2-sha256${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }
}
