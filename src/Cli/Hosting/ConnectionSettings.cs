namespace JobRuntime.Cli.Hosting;

/// <summary>
/// Where the CLI's jobs live: a running silo's gateway, or (when none is configured) an embedded
/// silo over a SQLite file. Options win over environment variables.
/// </summary>
/// <param name="Gateway">A silo's gateway, <c>host:port</c>; null for the embedded silo.</param>
/// <param name="User">The owner the CLI acts for. Default: "local".</param>
/// <param name="Database">The embedded silo's SQLite file. Default: <c>jobrt.db</c> in the current directory.</param>
internal sealed record ConnectionSettings(string? Gateway, string User, string Database)
{
    /// <summary>
    /// The cluster to join through its membership table, when the environment names a cluster
    /// profile (<c>JobRuntime__Cluster__Provider</c> AzureStorage or PostgreSQL, with
    /// <c>JobRuntime__Cluster__ConnectionString</c>, <c>Orleans__ClusterId</c>, <c>Orleans__ServiceId</c>)
    /// and no gateway is given; null otherwise.
    /// </summary>
    public IReadOnlyDictionary<string, string?>? Cluster { get; init; }

    public const string DefaultUser = "local";

    public const string DefaultDatabase = "jobrt.db";

    public static ConnectionSettings Resolve(string? gateway, string? user, string? database, Func<string, string?> variables)
    {
        gateway = Pick(gateway, variables("JOBRT_GATEWAY"));
        if (gateway is not null && !IsEndPoint(gateway))
        {
            throw new CliException($"The gateway must be 'host:port'; it is '{gateway}'.", ExitCodes.Usage);
        }
        return new ConnectionSettings(
            gateway,
            Pick(user, variables("JOBRT_USER")) ?? DefaultUser,
            Pick(database, variables("JOBRT_DB")) ?? DefaultDatabase)
        {
            Cluster = gateway is null ? ClusterFrom(variables) : null,
        };
    }

    private static Dictionary<string, string?>? ClusterFrom(Func<string, string?> variables)
    {
        var provider = Pick(null, variables("JobRuntime__Cluster__Provider"));
        if (provider is null || provider.Equals("Localhost", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        return new Dictionary<string, string?>
        {
            ["JobRuntime:Cluster:Provider"] = provider,
            ["JobRuntime:Cluster:ConnectionString"] = variables("JobRuntime__Cluster__ConnectionString"),
            ["JobRuntime:Cluster:AzureQueueCount"] = variables("JobRuntime__Cluster__AzureQueueCount"),
            ["Orleans:ClusterId"] = variables("Orleans__ClusterId"),
            ["Orleans:ServiceId"] = variables("Orleans__ServiceId"),
            // Mutual TLS to the gateways (ClusterTlsOptions), when the cluster uses it.
            ["JobRuntime:Cluster:Tls:CertificatePath"] = variables("JobRuntime__Cluster__Tls__CertificatePath"),
            ["JobRuntime:Cluster:Tls:CertificatePassword"] = variables("JobRuntime__Cluster__Tls__CertificatePassword"),
            ["JobRuntime:Cluster:Tls:KeyPath"] = variables("JobRuntime__Cluster__Tls__KeyPath"),
            ["JobRuntime:Cluster:Tls:StoreSubject"] = variables("JobRuntime__Cluster__Tls__StoreSubject"),
            ["JobRuntime:Cluster:Tls:TrustedCaPath"] = variables("JobRuntime__Cluster__Tls__TrustedCaPath"),
        };
    }

    private static string? Pick(string? option, string? variable) =>
        !string.IsNullOrWhiteSpace(option) ? option.Trim()
        : !string.IsNullOrWhiteSpace(variable) ? variable.Trim()
        : null;

    private static bool IsEndPoint(string value)
    {
        var colon = value.LastIndexOf(':');
        return colon > 0 && int.TryParse(value.AsSpan(colon + 1), out var port) && port is >= 1 and <= 65535;
    }
}
