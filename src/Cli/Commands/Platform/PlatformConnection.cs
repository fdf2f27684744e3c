using System.CommandLine;
using JobRuntime.Client.Platform;

namespace JobRuntime.Cli.Commands.Platform;

/// <summary>The options of the platform commands: the silo's HTTP address and the API key.</summary>
internal sealed class PlatformConnection
{
    public Option<string?> Url { get; } = SiloUrl.CreateOption();

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
        var uri = SiloUrl.Resolve(parse, Url, environment);
        return new PlatformClient(uri, parse.GetValue(ApiKey) ?? environment.GetVariable("SH_APIKEY") ?? "");
    }
}
