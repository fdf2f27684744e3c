using JobRuntime.Silo.Identity;

namespace JobRuntime.Silo.Apis;

/// <summary>Registers the services of the jobs HTTP API.</summary>
public static class JobsApiHostingExtensions
{
    /// <summary>
    /// Adds the jobs API's options (section <c>JobRuntime:Http</c>: limits) and the silo's users,
    /// authentication scheme and policies (<see cref="SiloIdentityExtensions.AddSiloIdentity"/>). Map the routes with
    /// <see cref="JobsApi.MapJobsApi"/>. Idempotent.
    /// </summary>
    public static TBuilder AddJobsApi<TBuilder>(this TBuilder builder, Action<JobsApiOptions>? configure = null)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<JobsApiOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        // The users, the one authentication scheme and the policies of every API.
        builder.AddSiloIdentity();
        return builder;
    }
}
