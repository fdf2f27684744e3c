using JobRuntime.Storage.Platform;

namespace JobRuntime.Silo.Apis.Platform;

/// <summary>Who calls the platform API: a user with projects, an administrator, or a job acting with its token.</summary>
internal sealed record PlatformCaller(string User, bool Admin, IReadOnlySet<long> Projects, PlatformJobKey? Job)
{
    /// <summary>True when the caller may use the project.</summary>
    public bool CanSee(long project) => Admin || Projects.Contains(project) || Job?.Project == project;

    /// <summary>Stops the request with 403 unless the caller may use the project.</summary>
    public void Demand(long project)
    {
        if (!CanSee(project))
        {
            throw new PlatformHttpException(StatusCodes.Status403Forbidden, $"The caller '{User}' has no access to project {project}.");
        }
    }
}

/// <summary>An answer other than success: a status and a message for the JSON body <c>{"message"}</c>.</summary>
internal sealed class PlatformHttpException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
