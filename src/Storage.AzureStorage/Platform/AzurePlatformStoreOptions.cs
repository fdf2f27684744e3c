namespace JobRuntime.AzureStorage.Platform;

/// <summary>Where the crawling platform's stores keep their tables on Azure Storage.</summary>
public sealed class AzurePlatformStoreOptions
{
    /// <summary>The configuration section, <c>JobRuntime:Platform:AzureStorage</c>.</summary>
    public const string Section = "JobRuntime:Platform:AzureStorage";

    /// <summary>The default <see cref="TablePrefix"/>: <c>jobrtplatform</c>.</summary>
    public const string DefaultTablePrefix = "jobrtplatform";

    /// <summary>The longest <see cref="TablePrefix"/>: table names are at most 63 characters and the longest suffix is 11.</summary>
    public const int MaxTablePrefixLength = 50;

    /// <summary>
    /// The start of every table's name (a letter, then letters and digits; default
    /// <see cref="DefaultTablePrefix"/>): the stores use <c>{prefix}projects</c>, <c>{prefix}spiders</c>,
    /// <c>{prefix}activity</c>, <c>{prefix}users</c>, <c>{prefix}jobs</c>, <c>{prefix}data</c>,
    /// <c>{prefix}collections</c> and <c>{prefix}frontiers</c>. On the AzureStorage profile it defaults
    /// to <see cref="PrefixFor"/> the service id, so two services sharing an account keep apart.
    /// </summary>
    public string TablePrefix { get; set; } = DefaultTablePrefix;

    /// <summary>
    /// The prefix of a service: <see cref="DefaultTablePrefix"/> for the default service id
    /// <c>jobruntime</c>, else <c>jobrt</c> and the service id's letters and digits, lower-cased,
    /// cut to <see cref="MaxTablePrefixLength"/>.
    /// </summary>
    public static string PrefixFor(string? serviceId)
    {
        var id = new string((serviceId ?? "").Where(char.IsAsciiLetterOrDigit).ToArray()).ToLowerInvariant();
        if (id.Length == 0 || id == "jobruntime")
        {
            return DefaultTablePrefix;
        }
        var prefix = "jobrt" + id;
        return prefix.Length > MaxTablePrefixLength ? prefix[..MaxTablePrefixLength] : prefix;
    }

    /// <summary>The failures of these options (empty when valid), each naming the option and the bad value.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        var prefix = TablePrefix ?? "";
        if (prefix.Length is 0 or > MaxTablePrefixLength || !char.IsAsciiLetter(prefix[0]) || !prefix.All(char.IsAsciiLetterOrDigit))
        {
            failures.Add($"{Section}:TablePrefix '{prefix}' must be 1 to {MaxTablePrefixLength} ASCII letters and digits, starting with a letter (Azure table names).");
        }
        return failures;
    }
}
