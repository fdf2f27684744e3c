namespace JobRuntime.Silo.Identity;

/// <summary>The authorization policies every API uses, all over the one scheme (<c>JobRuntime</c>).</summary>
public static class SiloPolicies
{
    /// <summary>A signed-in user (not a platform job's token): the jobs, queues, state and console APIs, <c>/metrics</c>.</summary>
    public const string User = "JobRuntime.Jobs";

    /// <summary>An administrator: the Orleans Dashboard, the user admin API, the console's platform pages.</summary>
    public const string Admin = "JobRuntime.Admin";

    /// <summary>A user or a platform job's token: the platform API (which then checks projects and jobs).</summary>
    public const string Platform = "JobRuntime.Platform";
}
