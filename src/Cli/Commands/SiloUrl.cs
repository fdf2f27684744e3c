using System.CommandLine;

namespace JobRuntime.Cli.Commands;

/// <summary>The <c>--url</c> of the commands that talk to a silo's HTTP API (or env JOBRT_URL).</summary>
internal static class SiloUrl
{
    /// <summary>The default address: the silo executable's.</summary>
    public const string Default = "http://127.0.0.1:5080/";

    /// <summary>A new <c>--url</c> option, given to every subcommand.</summary>
    public static Option<string?> CreateOption() => new("--url")
    {
        Description = $"The silo's HTTP address (or env JOBRT_URL). Default: {Default}.",
        HelpName = "url",
        Recursive = true,
    };

    /// <summary>The address given, or JOBRT_URL, or <see cref="Default"/>, ending with a slash.</summary>
    /// <exception cref="CliException">It is not an absolute URL (a usage error).</exception>
    public static Uri Resolve(ParseResult parse, Option<string?> option, CliEnvironment environment)
    {
        var url = parse.GetValue(option) ?? environment.GetVariable("JOBRT_URL") ?? Default;
        return Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var uri)
            ? uri
            : throw new CliException($"--url '{url}' is not an absolute URL.", ExitCodes.Usage);
    }
}
