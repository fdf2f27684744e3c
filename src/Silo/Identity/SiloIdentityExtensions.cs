using JobRuntime.Silo.Apis;
using JobRuntime.Silo.Apis.Platform;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace JobRuntime.Silo.Identity;

/// <summary>Registers the silo's one identity model: users, the authentication scheme, the policies.</summary>
public static class SiloIdentityExtensions
{
    /// <summary>
    /// Adds the users of <c>JobRuntime:Users</c> (and of the deprecated <c>JobRuntime:Http:Users</c>,
    /// <c>:Tokens</c> and <c>JobRuntime:Platform:Users</c>), the users added at run time (the
    /// <see cref="GrainInterfaces.Users.IUserDirectoryGrain"/>), the one authentication scheme and
    /// the policies of <see cref="SiloPolicies"/>. Idempotent.
    /// </summary>
    public static TBuilder AddSiloIdentity<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(UserDirectory)))
        {
            return builder;
        }
        var configuration = builder.Configuration;
        services.AddOptions<UsersOptions>().Configure(o => configuration.GetSection(UsersOptions.Section).Bind(o.Users)).ValidateOnStart();
        services.AddOptions<JobsApiOptions>().Bind(configuration.GetSection(JobsApiOptions.Section)).ValidateOnStart();
        services.AddOptions<PlatformApiOptions>().Bind(configuration.GetSection(PlatformApiOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<UsersOptions>, UsersSecretHasher>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<JobsApiOptions>, JobsApiSecretHasher>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<PlatformApiOptions>, PlatformApiSecretHasher>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<UsersOptions>, UsersOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JobsApiOptions>, JobsApiOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PlatformApiOptions>, PlatformApiOptionsValidator>());
        services.AddSingleton<ConfiguredUsers>();
        services.AddSingleton<CredentialCache>();
        services.AddSingleton<UserDirectory>();
        services.AddSingleton<UserAdministration>();
        services.TryAddSingleton(TimeProvider.System);
        // Authentication's core only: the full AddAuthentication also brings data protection, which
        // writes a key ring to the user's profile at startup, and this scheme keeps no cookies.
        services.AddWebEncoders();
        services.AddAuthenticationCore(o => o.AddScheme<SiloAuthenticationHandler>(SiloAuthenticationHandler.SchemeName, displayName: null));
        services.AddAuthorizationBuilder()
            .AddPolicy(SiloPolicies.User, policy => policy.AddAuthenticationSchemes(SiloAuthenticationHandler.SchemeName).RequireAuthenticatedUser()
                .RequireAssertion(c => !c.User.IsJob()))
            .AddPolicy(SiloPolicies.Admin, policy => policy.AddAuthenticationSchemes(SiloAuthenticationHandler.SchemeName).RequireAuthenticatedUser()
                .RequireAssertion(c => !c.User.IsJob()).RequireRole(SiloClaims.AdminRole))
            .AddPolicy(SiloPolicies.Platform, policy => policy.AddAuthenticationSchemes(SiloAuthenticationHandler.SchemeName).RequireAuthenticatedUser());
        return builder;
    }
}
