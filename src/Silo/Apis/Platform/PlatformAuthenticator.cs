using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using JobRuntime.Grains.Platform;
using JobRuntime.Storage.Platform;
using Microsoft.Extensions.Options;

namespace JobRuntime.Silo.Apis.Platform;

/// <summary>
/// Authenticates platform callers as Scrapy Cloud does: HTTP Basic with the API key as user name
/// and an empty password, or the job key as user name and the job's token as password. Keys come
/// from configuration (hashed at start-up) and from the admin API (stored hashed).
/// </summary>
internal sealed class PlatformAuthenticator
{
    private readonly Dictionary<string, PlatformCaller> _configured;
    private readonly IPlatformProjectStore _projects;
    private readonly IPlatformJobStore _jobs;

    public PlatformAuthenticator(IOptions<PlatformApiOptions> options, IPlatformProjectStore projects, IPlatformJobStore jobs)
    {
        _projects = projects;
        _jobs = jobs;
        _configured = new Dictionary<string, PlatformCaller>(StringComparer.Ordinal);
        foreach (var user in options.Value.Users)
        {
            var hash = user.ApiKeySha256 ?? Convert.ToHexStringLower(PlatformTokens.Hash(user.ApiKey ?? throw new InvalidOperationException(
                $"{PlatformApiOptions.Section}:Users: user '{user.Name}' needs ApiKey or ApiKeySha256.")));
            _configured[hash.ToLowerInvariant()] = new PlatformCaller(user.Name, user.Admin, user.Projects.ToHashSet(), null);
        }
        IsOpen = _configured.Count == 0;
    }

    /// <summary>True when no users are configured: every caller is the administrator <c>local</c>.</summary>
    public bool IsOpen { get; }

    /// <summary>The caller, or null when the credentials are missing or wrong.</summary>
    public async Task<PlatformCaller?> AuthenticateAsync(HttpRequest request)
    {
        if (IsOpen)
        {
            return new PlatformCaller("local", true, new HashSet<long>(), null);
        }
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            || !header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return null;
        }
        string text;
        try
        {
            text = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return null;
        }
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var (user, password) = colon < 0 ? (text, "") : (text[..colon], text[(colon + 1)..]);
        if (password.Length > 0 && PlatformJobKey.TryParse(user, out var job))
        {
            var found = await _jobs.JobFindByTokenAsync(PlatformTokens.Hash(password), request.HttpContext.RequestAborted);
            return found == job ? new PlatformCaller(user, false, new HashSet<long>(), job) : null;
        }
        var hash = PlatformTokens.Hash(user);
        foreach (var (known, caller) in _configured)
        {
            if (CryptographicOperations.FixedTimeEquals(Convert.FromHexString(known), hash))
            {
                return caller;
            }
        }
        var stored = await _projects.UserFindByKeyAsync(hash, request.HttpContext.RequestAborted);
        return stored is null ? null : new PlatformCaller(stored.Name, stored.Admin, stored.Projects.ToHashSet(), null);
    }
}
