using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace JobRuntime.Silo.Apis;

/// <summary>Registers the services of the jobs HTTP API.</summary>
public static class JobsApiHostingExtensions
{
    /// <summary>
    /// Adds the jobs API's options (section <c>JobRuntime:Http</c>: users, tokens, limits), its
    /// authentication scheme and authorization policy. Map the routes with
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
        if (services.Any(d => d.ServiceType == typeof(JobsApiCredentials)))
        {
            return builder;
        }
        options.Bind(builder.Configuration.GetSection(JobsApiOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<JobsApiOptions>, JobsApiSecretHasher>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JobsApiOptions>, JobsApiOptionsValidator>());
        services.AddSingleton<JobsApiCredentials>();
        // Authentication's core only: the full AddAuthentication also brings data protection, which
        // writes a key ring to the user's profile at startup, and this scheme keeps no cookies.
        services.AddWebEncoders();
        services.AddAuthenticationCore(o => o.AddScheme<JobsAuthenticationHandler>(JobsAuthenticationHandler.SchemeName, displayName: null));
        services.AddAuthorizationBuilder()
            .AddPolicy(JobsApi.Policy, policy => policy.AddAuthenticationSchemes(JobsAuthenticationHandler.SchemeName).RequireAuthenticatedUser())
            .AddPolicy(JobsApi.AdminPolicy, policy => policy.AddAuthenticationSchemes(JobsAuthenticationHandler.SchemeName).RequireAuthenticatedUser().RequireRole(JobsApi.AdminRole));
        return builder;
    }
}
