using System.Globalization;
using JobRuntime.Silo.Identity;

namespace JobRuntime.Jobs.Tests.Identity;

/// <summary>How the silo stores and checks secrets: PBKDF2 for passwords, SHA-256 for random API keys.</summary>
public sealed class SecretHashesTests
{
    [Fact]
    public void A_password_hash_names_pbkdf2_sha256_and_at_least_100000_iterations_and_holds_no_password()
    {
        var hash = SecretHashes.HashPassword("correct horse");

        var parts = hash.Split('$');
        Assert.Equal("pbkdf2-sha256", parts[0]);
        Assert.True(int.Parse(parts[1], CultureInfo.InvariantCulture) >= 100_000);
        Assert.Equal(16, Convert.FromBase64String(parts[2]).Length);
        Assert.Equal(32, Convert.FromBase64String(parts[3]).Length);
        Assert.DoesNotContain("correct horse", hash, StringComparison.Ordinal);
    }

    [Fact]
    public void A_password_hash_verifies_its_password_and_no_other()
    {
        var hash = SecretHashes.HashPassword("correct horse");

        Assert.True(SecretHashes.VerifyPassword("correct horse", hash));
        Assert.False(SecretHashes.VerifyPassword("correct horse ", hash));
        Assert.False(SecretHashes.VerifyPassword("", hash));
    }

    [Fact]
    public void Two_hashes_of_one_password_differ_by_their_salt()
    {
        Assert.NotEqual(SecretHashes.HashPassword("same"), SecretHashes.HashPassword("same"));
    }

    [Fact]
    public void A_hash_made_with_other_iterations_verifies_by_the_count_it_names()
    {
        var hash = SecretHashes.HashPassword("pw", iterations: 1_000);

        Assert.StartsWith("pbkdf2-sha256$1000$", hash, StringComparison.Ordinal);
        Assert.True(SecretHashes.VerifyPassword("pw", hash));
    }

    [Fact]
    public void A_deprecated_sha256_password_hash_still_verifies_its_password()
    {
        var hash = SecretHashes.Sha256Prefix + SecretHashes.Sha256Hex("old-pw");

        Assert.True(SecretHashes.IsPasswordHash(hash));
        Assert.True(SecretHashes.VerifyPassword("old-pw", hash));
        Assert.False(SecretHashes.VerifyPassword("other", hash));
    }

    [Theory]
    [InlineData("")]
    [InlineData("pw")]
    [InlineData("pbkdf2-sha256$x$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$210000$not base64$AAAA")]
    [InlineData("pbkdf2-sha256$10$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("sha256$abc")]
    public void A_malformed_hash_is_not_a_password_hash_and_verifies_nothing(string stored)
    {
        Assert.False(SecretHashes.IsPasswordHash(stored));
        Assert.False(SecretHashes.VerifyPassword("pw", stored));
    }

    [Fact]
    public void An_api_key_is_256_random_bits_and_its_hash_is_64_hex_digits()
    {
        var key = SecretHashes.NewApiKey();

        Assert.Matches("^jrt_[0-9a-f]{64}$", key);
        Assert.NotEqual(key, SecretHashes.NewApiKey());
        Assert.True(SecretHashes.IsSha256Hex(SecretHashes.Sha256Hex(key)));
    }
}
