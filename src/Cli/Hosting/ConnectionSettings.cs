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
            Pick(database, variables("JOBRT_DB")) ?? DefaultDatabase);
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
