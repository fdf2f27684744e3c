using System.CommandLine;
using JobRuntime.Cli.Output;

namespace JobRuntime.Cli.Commands;

/// <summary><c>jobrt list</c>: the user's jobs, newest first, one JSON object per line or as a table.</summary>
internal static class ListCommand
{
    public static Command Create(CommandRunner runner)
    {
        var table = new Option<bool>("--table") { Description = "Print an aligned table instead of JSON lines." };
        var command = new Command("list", "List your jobs, newest first: one JSON object per line, or a table with --table.") { table };
        command.SetAction((parse, cancellationToken) => runner.RunAsync(cancellationToken, async () =>
        {
            await using var connection = await runner.ConnectAsync(parse, cancellationToken);
            var jobs = await connection.Jobs.ListJobsAsync();
            if (parse.GetValue(table))
            {
                JobTable.Write(runner.Environment.Out, jobs);
            }
            else
            {
                foreach (var job in jobs)
                {
                    runner.Environment.Out.WriteLine(JsonLines.Job(job));
                }
            }
            return ExitCodes.Success;
        }));
        return command;
    }
}
