using JobRuntime.Silo.Identity;

namespace JobRuntime.Jobs.Tests.Identity;

/// <summary>The per-process cache of password checks: tied to the stored hash it checked.</summary>
public sealed class CredentialCacheTests
{
    [Fact]
    public void A_cached_check_answers_as_the_hash_does_for_right_and_wrong_passwords()
    {
        var cache = new CredentialCache();
        var stored = SecretHashes.HashPassword("pw-1", iterations: 1_000);

        Assert.True(cache.Verify("alice", "pw-1", stored));
        Assert.True(cache.Verify("alice", "pw-1", stored));
        Assert.False(cache.Verify("alice", "pw-2", stored));
        Assert.False(cache.Verify("alice", "pw-2", stored));
    }

    [Fact]
    public void After_a_password_change_the_old_password_is_refused_at_once()
    {
        var cache = new CredentialCache();
        var before = SecretHashes.HashPassword("old-pw", iterations: 1_000);
        Assert.True(cache.Verify("alice", "old-pw", before));

        var after = SecretHashes.HashPassword("new-pw", iterations: 1_000);

        Assert.False(cache.Verify("alice", "old-pw", after));
        Assert.True(cache.Verify("alice", "new-pw", after));
    }

    [Fact]
    public void A_password_checked_for_one_user_is_not_taken_for_another()
    {
        var cache = new CredentialCache();
        var stored = SecretHashes.HashPassword("pw", iterations: 1_000);
        Assert.True(cache.Verify("alice", "pw", stored));

        Assert.False(cache.Verify("bob", "pw", SecretHashes.HashPassword("other", iterations: 1_000)));
    }
}
