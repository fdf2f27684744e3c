using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using JobRuntime.Grains.Platform;
using JobRuntime.Silo.Apis;
using JobRuntime.Storage.Platform;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace JobRuntime.Silo.Identity;

/// <summary>
/// The one authentication scheme of every HTTP surface. It takes <c>Authorization: Token &lt;key&gt;</c>
/// or <c>Bearer &lt;key&gt;</c> (an API key), or <c>Basic</c> with a user name and password, with an API
/// key as user name and no password (as Scrapy Cloud's clients send it), or with a platform job's
/// key as user name and the job's token as password (a caller that is the job: <see cref="SiloClaims.Job"/>).
/// A token wins when both are sent. While no user is configured everyone is <see cref="SiloClaims.LocalUser"/>.
/// A refused request gets 401, <c>WWW-Authenticate: Basic</c> and JSON, in the shape the route's
/// API uses (<see cref="ChallengeMetadata"/>); secrets are never logged.
/// </summary>
internal sealed class SiloAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    UserDirectory users) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "JobRuntime";

    private const string Missing = "Credentials are required: send 'Authorization: Basic base64(user:password)' or 'Authorization: Token <api key>'.";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (users.IsOpen)
        {
            return Success(SiloClaims.ForLocal(SchemeName));
        }
        string? token = null;
        string? basic = null;
        foreach (var header in Request.Headers.Authorization)
        {
            if (!AuthenticationHeaderValue.TryParse(header, out var value) || value.Parameter is null)
            {
                continue;
            }
            if (value.Scheme.Equals("Token", StringComparison.OrdinalIgnoreCase) || value.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
            {
                token ??= value.Parameter;
            }
            else if (value.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
            {
                basic ??= value.Parameter;
            }
        }
        if (token is not null)
        {
            return await users.SignInWithKeyAsync(token) is { } user ? Success(user) : AuthenticateResult.Fail("The API key is not valid.");
        }
        if (basic is null)
        {
            return AuthenticateResult.NoResult();
        }
        if (DecodeBasic(basic) is not var (name, password))
        {
            return AuthenticateResult.Fail("The Basic credentials are not base64 of user:password.");
        }
        if (password.Length == 0)
        {
            return await users.SignInWithKeyAsync(name) is { } keyed ? Success(keyed) : AuthenticateResult.Fail("The API key is not valid.");
        }
        if (PlatformJobKey.TryParse(name, out var job))
        {
            var jobs = Context.RequestServices.GetService<IPlatformJobStore>();
            var found = jobs is null ? null : await jobs.JobFindByTokenAsync(PlatformTokens.Hash(password), Context.RequestAborted);
            return found == job ? Success(SiloClaims.ForJob(job.ToString(), SchemeName)) : AuthenticateResult.Fail("The job's token is not valid.");
        }
        return await users.SignInWithPasswordAsync(name, password) is { } signed ? Success(signed) : AuthenticateResult.Fail("The user name or password is wrong.");
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var message = result.Failure?.Message ?? Missing;
        if (Context.GetEndpoint()?.Metadata.GetMetadata<ChallengeMetadata>() is { } custom)
        {
            await custom.WriteAsync(Context, message);
            return;
        }
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Basic realm=\"JobRuntime\", charset=\"UTF-8\"";
        await Response.WriteAsJsonAsync(new ApiError(message), Context.RequestAborted);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        var message = Context.User.IsJob()
            ? $"The token of job {Context.User.Identity?.Name} reaches only that job's data on the platform API."
            : "This is for administrators.";
        await Response.WriteAsJsonAsync(new ApiError(message), Context.RequestAborted);
    }

    private static (string User, string Password)? DecodeBasic(string parameter)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(parameter));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? (text, "") : (text[..colon], text[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static AuthenticateResult Success(DirectoryUser user) => Success(SiloClaims.For(user, SchemeName));

    private static AuthenticateResult Success(ClaimsPrincipal principal) => AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
}
