using System.CommandLine;
using JobRuntime.Cli.Hosting;

namespace JobRuntime.Cli.Commands;

/// <summary>The options every command takes: where the jobs live and whose they are.</summary>
internal sealed class GlobalOptions
{
    public Option<string?> Gateway { get; } = new("--gateway")
    {
        Description = "A running silo's gateway, host:port (or env JOBRT_GATEWAY). Without one, jobrt starts an embedded silo in this process.",
        HelpName = "host:port",
        Recursive = true,
    };

    public Option<string?> User { get; } = new("--user")
    {
        Description = $"The user whose jobs these are (or env JOBRT_USER). Default: {ConnectionSettings.DefaultUser}.",
        Recursive = true,
    };

    public Option<string?> Database { get; } = new("--db")
    {
        Description = $"The embedded silo's SQLite file (or env JOBRT_DB); unused with a gateway. Default: ./{ConnectionSettings.DefaultDatabase}.",
        HelpName = "path",
        Recursive = true,
    };

    public void AddTo(Command root)
    {
        root.Add(Gateway);
        root.Add(User);
        root.Add(Database);
    }

    public ConnectionSettings Resolve(ParseResult parse, Func<string, string?> variables) =>
        ConnectionSettings.Resolve(parse.GetValue(Gateway), parse.GetValue(User), parse.GetValue(Database), variables);
}
