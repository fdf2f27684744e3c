using JobRuntime.Silo.Apis;
using JobRuntime.Silo.Apis.Platform;
using Microsoft.Extensions.Options;

namespace JobRuntime.Silo.Identity;

/// <summary>Hashes the plain secrets of <c>JobRuntime:Users</c> at start-up (passwords with PBKDF2, API keys with SHA-256) and drops the plain text.</summary>
internal sealed class UsersSecretHasher : IPostConfigureOptions<UsersOptions>
{
    public void PostConfigure(string? name, UsersOptions options)
    {
        foreach (var user in options.Users)
        {
            if (!string.IsNullOrEmpty(user.Password) && user.PasswordHash is null)
            {
                user.PasswordHash = SecretHashes.HashPassword(user.Password);
                user.Password = null;
            }
            if (user.ApiKeys.Count > 0 && user.ApiKeys.All(k => k.Length > 0))
            {
                user.ApiKeySha256.AddRange(user.ApiKeys.Select(SecretHashes.Sha256Hex));
                user.ApiKeys.Clear();
            }
        }
    }
}

/// <summary>Hashes the plain secrets of the deprecated <c>JobRuntime:Http</c> users (PBKDF2) and tokens (SHA-256) at start-up and drops the plain text.</summary>
internal sealed class JobsApiSecretHasher : IPostConfigureOptions<JobsApiOptions>
{
    public void PostConfigure(string? name, JobsApiOptions options)
    {
        foreach (var user in options.Users)
        {
            if (!string.IsNullOrEmpty(user.Password) && user.PasswordSha256 is null && user.PasswordHash is null)
            {
                user.PasswordHash = SecretHashes.HashPassword(user.Password);
                user.Password = null;
            }
        }
        foreach (var token in options.Tokens)
        {
            if (!string.IsNullOrEmpty(token.Token) && token.TokenSha256 is null)
            {
                token.TokenSha256 = SecretHashes.Sha256Hex(token.Token);
                token.Token = null;
            }
        }
    }
}

/// <summary>Hashes the plain API keys of the deprecated <c>JobRuntime:Platform:Users</c> at start-up and drops the plain text.</summary>
internal sealed class PlatformApiSecretHasher : IPostConfigureOptions<PlatformApiOptions>
{
    public void PostConfigure(string? name, PlatformApiOptions options)
    {
        foreach (var user in options.Users)
        {
            if (!string.IsNullOrEmpty(user.ApiKey) && user.ApiKeySha256 is null)
            {
                user.ApiKeySha256 = SecretHashes.Sha256Hex(user.ApiKey);
                user.ApiKey = null;
            }
        }
    }
}
