using System.Security.Cryptography;
using System.Text;

namespace JobRuntime.Grains.Platform;

/// <summary>Job-scoped tokens: random, shown once when a job starts running, stored as SHA-256 only.</summary>
public static class PlatformTokens
{
    /// <summary>A new token (64 hex digits).</summary>
    public static string Create() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>The SHA-256 of a token or API key, as stored.</summary>
    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
