using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace JobRuntime.Silo.Identity;

/// <summary>
/// How secrets are stored. Passwords, chosen by people, get PBKDF2 (HMAC-SHA-256, a 16-byte salt
/// per password, <see cref="Iterations"/> rounds) as the self-describing string
/// <c>pbkdf2-sha256$iterations$salt$hash</c> (base64), so the cost can rise later without
/// invalidating stored hashes. API keys are random 256-bit values the silo issues, where a slow
/// hash adds nothing: they get SHA-256 (lower-case hex), which is also what lets a key be found by
/// its hash. Every comparison is in constant time.
/// </summary>
internal static class SecretHashes
{
    /// <summary>PBKDF2 rounds of a new password hash.</summary>
    public const int Iterations = 210_000;

    /// <summary>The prefix of a PBKDF2 password hash.</summary>
    public const string Pbkdf2Prefix = "pbkdf2-sha256$";

    /// <summary>The prefix of a legacy SHA-256 password hash (deprecated <c>PasswordSha256</c> in configuration).</summary>
    public const string Sha256Prefix = "sha256$";

    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    /// <summary>A new PBKDF2 hash of <paramref name="password"/>, with a fresh salt.</summary>
    public static string HashPassword(string password, int iterations = Iterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Pbkdf2Prefix}{iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>True when <paramref name="stored"/> is a well-formed password hash this class can verify.</summary>
    public static bool IsPasswordHash(string? stored) =>
        stored is not null && (TryParse(stored, out _, out _, out _) || stored.StartsWith(Sha256Prefix, StringComparison.Ordinal) && IsSha256Hex(stored[Sha256Prefix.Length..]));

    /// <summary>True when <paramref name="password"/> is the one <paramref name="stored"/> was made from; false for a malformed hash.</summary>
    public static bool VerifyPassword(string password, string stored)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(stored);
        var presented = Encoding.UTF8.GetBytes(password);
        if (TryParse(stored, out var iterations, out var salt, out var expected))
        {
            return CryptographicOperations.FixedTimeEquals(Rfc2898DeriveBytes.Pbkdf2(presented, salt, iterations, HashAlgorithmName.SHA256, expected.Length), expected);
        }
        if (IsPasswordHash(stored))
        {
            return CryptographicOperations.FixedTimeEquals(SHA256.HashData(presented), Convert.FromHexString(stored.AsSpan(Sha256Prefix.Length)));
        }
        return false;
    }

    /// <summary>The lower-case hex SHA-256 of the UTF-8 <paramref name="secret"/> (API keys, tokens).</summary>
    public static string Sha256Hex(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>True when <paramref name="text"/> is 64 hex digits.</summary>
    public static bool IsSha256Hex(string? text) => text is { Length: 64 } && !text.AsSpan().ContainsAnyExcept(HexDigits);

    /// <summary>A new API key: <c>jrt_</c> and 256 random bits in hex.</summary>
    public static string NewApiKey() => "jrt_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>A new public key id: 8 random hex digits.</summary>
    public static string NewKeyId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    private static bool TryParse(string stored, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = hash = [];
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] + "$" != Pbkdf2Prefix
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out iterations) || iterations is < 1_000 or > 10_000_000)
        {
            return false;
        }
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            hash = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }
        return salt.Length >= 8 && hash.Length >= 16;
    }
}
