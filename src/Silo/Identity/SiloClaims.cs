using System.Globalization;
using System.Security.Claims;

namespace JobRuntime.Silo.Identity;

/// <summary>
/// The claims of a signed-in caller, the same on every API: the name, the administrator role, one
/// claim per platform project, and for a platform job's token the job's key (such a caller is the
/// job, not a user: only the platform's routes of that job take it).
/// </summary>
public static class SiloClaims
{
    /// <summary>The user every request runs as while no user is configured (an administrator).</summary>
    public const string LocalUser = "local";

    /// <summary>The role of an administrator.</summary>
    public const string AdminRole = "admin";

    /// <summary>The claim type of a platform project the caller sees (its id).</summary>
    public const string Project = "jobruntime:project";

    /// <summary>The claim type of a platform job token: the job's key, project/spider/job.</summary>
    public const string Job = "jobruntime:job";

    /// <summary>True for a platform job's token.</summary>
    public static bool IsJob(this ClaimsPrincipal principal) => principal?.HasClaim(c => c.Type == Job) == true;

    /// <summary>True for an administrator.</summary>
    public static bool IsAdministrator(this ClaimsPrincipal principal) => principal?.IsInRole(AdminRole) == true;

    /// <summary>The platform projects of the caller.</summary>
    public static IReadOnlySet<long> Projects(this ClaimsPrincipal principal) =>
        principal?.FindAll(Project).Select(c => long.Parse(c.Value, CultureInfo.InvariantCulture)).ToHashSet() ?? [];

    internal static ClaimsPrincipal For(DirectoryUser user, string scheme)
    {
        List<Claim> claims = [new Claim(ClaimTypes.Name, user.Name)];
        if (user.Admin)
        {
            claims.Add(new Claim(ClaimTypes.Role, AdminRole));
        }
        claims.AddRange(user.Projects.Order().Select(p => new Claim(Project, p.ToString(CultureInfo.InvariantCulture))));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    internal static ClaimsPrincipal ForJob(string jobKey, string scheme) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, jobKey), new Claim(Job, jobKey)], scheme));

    internal static ClaimsPrincipal ForLocal(string scheme) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, LocalUser), new Claim(ClaimTypes.Role, AdminRole)], scheme));
}
