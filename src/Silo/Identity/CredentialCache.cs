using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace JobRuntime.Silo.Identity;

/// <summary>
/// The outcomes of password checks in this process, so PBKDF2 is paid once per user and password,
/// not per request. Entries are keyed by an HMAC-SHA-256 of the user name and the presented
/// password under a key made at start-up and never stored (the password itself is never kept),
/// and each remembers the stored hash it was checked against: a changed password, or a user
/// removed, no longer matches. Failed checks are remembered too, so guessing costs a caller
/// PBKDF2 only once per guess.
/// </summary>
internal sealed class CredentialCache
{
    /// <summary>Entries kept before the cache starts over.</summary>
    public const int Capacity = 10_000;

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, (string Stored, bool Valid)> _checked = new(StringComparer.Ordinal);

    /// <summary>True when <paramref name="password"/> matches <paramref name="stored"/>, from the cache or checked now.</summary>
    public bool Verify(string user, string password, string stored)
    {
        var key = Key(user, password);
        if (_checked.TryGetValue(key, out var known) && string.Equals(known.Stored, stored, StringComparison.Ordinal))
        {
            return known.Valid;
        }
        var valid = SecretHashes.VerifyPassword(password, stored);
        if (_checked.Count >= Capacity)
        {
            _checked.Clear();
        }
        _checked[key] = (stored, valid);
        return valid;
    }

    private string Key(string user, string password)
    {
        var text = Encoding.UTF8.GetBytes(user + "\0" + password);
        try
        {
            return Convert.ToBase64String(HMACSHA256.HashData(_key, text));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(text);
        }
    }
}
