using System.Security.Cryptography;
using System.Text;

namespace JobRuntime.Silo.Security;

/// <summary>
/// Whom a request counts against for the rate and stream limits: the authenticated user (or
/// platform job); else the SHA-256 of the credentials it sent (refused ones); else its remote address.
/// </summary>
internal static class CallerPartition
{
    public static string Of(HttpContext http)
    {
        if (http.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name })
        {
            return "user:" + name;
        }
        var authorization = http.Request.Headers.Authorization.ToString();
        if (authorization.Length > 0)
        {
            return "credentials:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(authorization)));
        }
        return "address:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }
}
