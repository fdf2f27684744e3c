using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace JobRuntime.Silo.Apis;

/// <summary>
/// Authenticates callers of the jobs API as CrowdProcess did: <c>Authorization: Token &lt;token&gt;</c>
/// (also <c>Bearer</c>) or <c>Basic base64(user:password)</c>, the token winning when both are
/// sent. With no users or tokens configured, everyone is <c>local</c>. A refused request gets 401,
/// <c>WWW-Authenticate: Basic</c> and a JSON <c>{"message"}</c>.
/// </summary>
internal sealed class JobsAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    JobsApiCredentials credentials) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "JobRuntime";

    private const string Missing = "Credentials are required: send 'Authorization: Basic base64(user:password)' or 'Authorization: Token <token>'.";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (credentials.IsOpen)
        {
            return Task.FromResult(Success(JobsApiCredentials.LocalUser));
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
        AuthenticateResult result;
        if (token is not null)
        {
            result = credentials.FindByToken(token) is { } user ? Success(user) : AuthenticateResult.Fail("The token is not valid.");
        }
        else if (basic is not null)
        {
            result = DecodeBasic(basic) is var (name, password) && credentials.FindByPassword(name, password) is { } user
                ? Success(user)
                : AuthenticateResult.Fail("The user name or password is wrong.");
        }
        else
        {
            result = AuthenticateResult.NoResult();
        }
        return Task.FromResult(result);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Basic realm=\"JobRuntime\", charset=\"UTF-8\"";
        await Response.WriteAsJsonAsync(new ApiError(result.Failure?.Message ?? Missing), Context.RequestAborted);
    }

    private static (string User, string Password)? DecodeBasic(string parameter)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(parameter));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : (text[..colon], text[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private AuthenticateResult Success(string user)
    {
        Claim[] claims = credentials.IsAdmin(user)
            ? [new Claim(ClaimTypes.Name, user), new Claim(ClaimTypes.Role, JobsApi.AdminRole)]
            : [new Claim(ClaimTypes.Name, user)];
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }
}
