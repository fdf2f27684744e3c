using JobRuntime.Hosting;
using JobRuntime.Silo.Apis;
using JobRuntime.Silo.Apis.Platform;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace JobRuntime.Silo.Security;

/// <summary>
/// Closed by default off loopback: at start-up, before anything listens, a silo whose HTTP URLs
/// or Orleans endpoints reach beyond loopback refuses to start while a door is open: no jobs API
/// users, no platform API keys, or (for the Orleans endpoints) no TLS certificate. The message
/// says which address, which door, and the keys that close it.
/// </summary>
internal sealed class ClosedOffLoopbackValidator(
    IConfiguration configuration,
    IOptions<EndpointOptions> endpoints,
    IOptions<PlatformApiOptions> platform) : IValidateOptions<JobsApiOptions>
{
    public ValidateOptionsResult Validate(string? name, JobsApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var http = NetworkExposure.HttpUrls(configuration).ToList();
        var orleans = NetworkExposure.OrleansEndpoints(endpoints.Value).ToList();
        if (http.Count == 0 && orleans.Count == 0)
        {
            return ValidateOptionsResult.Success;
        }
        var open = new List<string>();
        if (options.Users.Count == 0 && options.Tokens.Count == 0)
        {
            open.Add("the jobs, queues, state and console APIs have no users (set JobRuntime:Http:Users:0:Name with :PasswordSha256 or :Password, or JobRuntime:Http:Tokens:0:TokenSha256 with :User)");
        }
        if (platform.Value.Users.Count == 0)
        {
            open.Add("the platform API has no API keys (set JobRuntime:Platform:Users:0:Name with :ApiKeySha256 or :ApiKey, and :Projects or :Admin)");
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
            $"The silo refuses to start: it would listen beyond loopback ({string.Join(", ", http.Concat(orleans))}) with open doors: "
            + string.Join("; ", open)
            + ". Configure them (see \"Securing a silo\" in the README), or listen on 127.0.0.1 only.");
    }
}
