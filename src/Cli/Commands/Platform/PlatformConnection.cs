using System.CommandLine;
using JobRuntime.Client.Platform;

namespace JobRuntime.Cli.Commands.Platform;

/// <summary>The options of the platform commands: the silo's HTTP address and the API key.</summary>
internal sealed class PlatformConnection
{
    /// <summary>The default address: the silo executable's.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080/";

    public Option<string?> Url { get; } = new("--url")
    {
        Description = $"The silo's HTTP address (or env JOBRT_URL). Default: {DefaultUrl}.",
        HelpName = "url",
        Recursive = true,
    };

    public Option<string?> ApiKey { get; } = new("--apikey")
    {
        Description = "The platform API key (or env SH_APIKEY). Default: none, for a silo with no platform users.",
        Recursive = true,
    };

    public void AddTo(Command command)
    {
        command.Add(Url);
        command.Add(ApiKey);
    }

    public PlatformClient Open(ParseResult parse, CliEnvironment environment)
    {
        var url = parse.GetValue(Url) ?? environment.GetVariable("JOBRT_URL") ?? DefaultUrl;
        if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var uri))
        {
            throw new CliException($"--url '{url}' is not an absolute URL.", ExitCodes.Usage);
        }
        return new PlatformClient(uri, parse.GetValue(ApiKey) ?? environment.GetVariable("SH_APIKEY") ?? "");
    }
}
