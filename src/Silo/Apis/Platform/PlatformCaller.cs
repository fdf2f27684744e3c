using System.Security.Claims;
using JobRuntime.Silo.Identity;
using JobRuntime.Storage.Platform;

namespace JobRuntime.Silo.Apis.Platform;

/// <summary>Who calls the platform API: a user with projects, an administrator, or a job acting with its token.</summary>
internal sealed record PlatformCaller(string User, bool Admin, IReadOnlySet<long> Projects, PlatformJobKey? Job)
{
    /// <summary>The caller the silo's authentication signed in: a user with their projects, an administrator, or a job.</summary>
    public static PlatformCaller From(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var name = principal.Identity?.Name ?? throw new InvalidOperationException("The platform API ran without an authenticated caller.");
        PlatformJobKey? job = principal.FindFirst(SiloClaims.Job) is { } claim && PlatformJobKey.TryParse(claim.Value, out var key) ? key : null;
        return new PlatformCaller(name, job is null && principal.IsAdministrator(), principal.Projects(), job);
    }

    /// <summary>True when the caller may use the project as a whole (a job's token never may).</summary>
    public bool CanSee(long project) => Admin || Projects.Contains(project);

    /// <summary>Stops the request with 403 unless the caller may use the project as a whole.</summary>
    public void Demand(long project)
    {
        if (Job is { } own)
        {
            throw new PlatformHttpException(StatusCodes.Status403Forbidden,
                $"The token of job {own} reaches only that job's data and metadata, and its project's collections, frontiers and settings.");
        }
        if (!CanSee(project))
        {
            throw new PlatformHttpException(StatusCodes.Status403Forbidden, $"The caller '{User}' has no access to project {project}.");
        }
    }

    /// <summary>
    /// Stops the request with 403 unless the caller may use what the project's jobs share
    /// (collections, frontiers, reading settings): its users, or a job of the project with its token.
    /// </summary>
    public void DemandShared(long project)
    {
        if (Job?.Project != project)
        {
            Demand(project);
        }
    }

    /// <summary>Stops the request with 403 unless the caller may use this job: its project's users, or the job itself with its token.</summary>
    public void DemandJob(PlatformJobKey job)
    {
        if (Job is { } own)
        {
            if (own != job)
            {
                throw new PlatformHttpException(StatusCodes.Status403Forbidden, $"The token of job {own} cannot use job {job}.");
            }
            return;
        }
        Demand(job.Project);
    }
}

/// <summary>An answer other than success: a status and a message for the JSON body <c>{"message"}</c>.</summary>
internal sealed class PlatformHttpException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
