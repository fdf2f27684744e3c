using System.CommandLine;
using JobRuntime.Cli.Output;

namespace JobRuntime.Cli.Commands;

/// <summary><c>jobrt info</c>: a job's fields and counters as indented JSON.</summary>
internal static class InfoCommand
{
    public static Command Create(CommandRunner runner)
    {
        var id = TaskOptions.JobId();
        var command = new Command("info", "Print a job's fields and counters (status, total, finished, failed, ...) as JSON.") { id };
        command.SetAction((parse, cancellationToken) => runner.RunAsync(cancellationToken, async () =>
        {
            await using var connection = await runner.ConnectAsync(parse, cancellationToken);
            var (_, info) = await connection.OpenJobAsync(parse.GetValue(id)!);
            runner.Environment.Out.WriteLine(JsonLines.Job(info, indented: true));
            return ExitCodes.Success;
        }));
        return command;
    }
}
