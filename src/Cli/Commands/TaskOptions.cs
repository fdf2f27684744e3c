using System.CommandLine;

namespace JobRuntime.Cli.Commands;

/// <summary>Options shared by the commands that read tasks or write task errors.</summary>
internal static class TaskOptions
{
    public static Option<string> Tasks() => new("--tasks")
    {
        Description = "Newline-delimited JSON tasks, one value per line, from this file or - for standard input.",
        HelpName = "file|-",
        DefaultValueFactory = _ => "-",
    };

    public static Argument<string> JobId() => new("id") { Description = "The job's id." };
}
