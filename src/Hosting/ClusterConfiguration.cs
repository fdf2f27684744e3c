using Microsoft.Extensions.Configuration;

namespace JobRuntime.Hosting;

/// <summary>Reads and validates <see cref="JobRuntimeClusterOptions"/> when a silo or client is being built.</summary>
internal static class ClusterConfiguration
{
    /// <summary>
    /// The options of section <c>JobRuntime:Cluster</c>, validated. The profile decides which
    /// services are registered, so it is read now rather than when the host starts.
    /// </summary>
    /// <exception cref="InvalidOperationException">A value is invalid; the message names its key.</exception>
    public static JobRuntimeClusterOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(JobRuntimeClusterOptions.SectionName);
        var options = new JobRuntimeClusterOptions();
        var provider = section[nameof(JobRuntimeClusterOptions.Provider)];
        if (!string.IsNullOrWhiteSpace(provider))
        {
            if (!Enum.TryParse<ClusterProvider>(provider.Trim(), ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || char.IsDigit(provider.Trim()[0]))
            {
                throw new InvalidOperationException(
                    $"{JobRuntimeClusterOptions.SectionName}:Provider must be Localhost, AzureStorage or PostgreSQL; it is '{provider}'.");
            }
            options.Provider = parsed;
        }
        try
        {
            section.Bind(options, binder => binder.ErrorOnUnknownConfiguration = false);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"{JobRuntimeClusterOptions.SectionName}: {e.Message}", e);
        }
        var result = new JobRuntimeClusterOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new InvalidOperationException(result.FailureMessage);
        }
        return options;
    }
}
