using JobRuntime.Hosting;
using JobRuntime.Silo.Apis;
using JobRuntime.Silo.Apis.Platform;
using JobRuntime.Silo.Identity;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace JobRuntime.Silo.Security;

/// <summary>
/// Closed by default off loopback: at start-up, before anything listens, a silo whose HTTP URLs
/// or Orleans endpoints reach beyond loopback refuses to start while a door is open: no users
/// (every HTTP API is then open), or (for the Orleans endpoints) no TLS certificate. The message
/// says which address, which door, and the keys that close it.
/// </summary>
internal sealed class ClosedOffLoopbackValidator(
    IConfiguration configuration,
    IOptions<EndpointOptions> endpoints,
    IOptions<JobsApiOptions> http,
    IOptions<PlatformApiOptions> platform) : IValidateOptions<UsersOptions>
{
    public ValidateOptionsResult Validate(string? name, UsersOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var urls = NetworkExposure.HttpUrls(configuration).ToList();
        var orleans = NetworkExposure.OrleansEndpoints(endpoints.Value).ToList();
        if (urls.Count == 0 && orleans.Count == 0)
        {
            return ValidateOptionsResult.Success;
        }
        var open = new List<string>();
        if (options.Users.Count == 0 && http.Value.Users.Count == 0 && http.Value.Tokens.Count == 0 && platform.Value.Users.Count == 0)
        {
            open.Add($"no users are configured, so every HTTP API (jobs, queues, state, console, dashboard, metrics, platform) is open "
                + $"(set {UsersOptions.Section}:0:Name with :PasswordHash or :Password and :Admin true, and :ApiKeys:0 or :ApiKeySha256:0 and :Projects:0 for the platform)");
        }
        if (orleans.Count > 0 && !ClusterTlsExtensions.Read(configuration).Enabled)
        {
            open.Add("the Orleans endpoints have no TLS, so anyone who reaches them may call any grain (set JobRuntime:Cluster:Tls:CertificatePath and :TrustedCaPath)");
        }
        if (open.Count == 0)
        {
            return ValidateOptionsResult.Success;
        }
        return ValidateOptionsResult.Fail(
            $"The silo refuses to start: it would listen beyond loopback ({string.Join(", ", urls.Concat(orleans))}) with open doors: "
            + string.Join("; ", open)
            + ". Configure them (see \"Securing a silo\" in the README), or listen on 127.0.0.1 only.");
    }
}
